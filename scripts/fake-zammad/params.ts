/**
 * Request params the way Rails builds them: the query string merged with the body, where a form body is parsed with
 * Rack's nested rules (`user[]=a&user[]=b` → an array, `a[b]=c` → a hash, a repeated plain key → the last value) and
 * a JSON body is taken as is (a JSON value that is not an object lands under `_json`).
 */

export type Params = Record<string, unknown>;

/** The body could not be parsed (Rails raises ActionDispatch::Http::Parameters::ParseError, answered 400). */
export class ParamsParseError extends Error {}

export function requestParams(query: URLSearchParams, body: Buffer, contentType: string | undefined): Params {
  return { ...formParams(query), ...bodyParams(body, contentType) };
}

function bodyParams(body: Buffer, contentType: string | undefined): Params {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  // Rack parses a POST without Content-Type as a form.
  if (!mediaType || mediaType === 'application/x-www-form-urlencoded') {
    return formParams(new URLSearchParams(body.toString('utf8')));
  }
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    const text = body.toString('utf8');
    if (!text.trim()) return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ParamsParseError('Error occurred while parsing request parameters');
    }
    return isPlainObject(value) ? value : { _json: value };
  }
  // Multipart and other bodies are not modelled: no params from them.
  return {};
}

function formParams(pairs: URLSearchParams): Params {
  const params: Params = {};
  for (const [name, value] of pairs) assign(params, name, value);
  return params;
}

function assign(params: Params, name: string, value: string): void {
  const head = /^[[\]]*([^[\]]+)\]*/.exec(name);
  if (!head?.[1]) return;
  const keys = [head[1]];
  let rest = name.slice(head[0].length);
  for (let match = /^\[([^[\]]*)\]/.exec(rest); match; match = /^\[([^[\]]*)\]/.exec(rest)) {
    keys.push(match[1] ?? '');
    rest = rest.slice(match[0].length);
  }
  setNested(params, keys, value);
}

function setNested(container: Params, keys: string[], value: string): void {
  const [key = '', ...rest] = keys;
  if (rest.length === 0) {
    container[key] = value;
    return;
  }
  if (rest[0] === '') {
    const existing = container[key];
    const list: unknown[] = Array.isArray(existing) ? existing : [];
    container[key] = list;
    const childKeys = rest.slice(1);
    if (childKeys.length === 0) {
      list.push(value);
      return;
    }
    // key[][child]=…: fill the last hash unless it already has that child, as Rack does.
    const last = list[list.length - 1];
    if (isPlainObject(last) && childKeys[0] !== undefined && !(childKeys[0] in last)) {
      setNested(last, childKeys, value);
    } else {
      const fresh: Params = {};
      setNested(fresh, childKeys, value);
      list.push(fresh);
    }
    return;
  }
  const existing = container[key];
  const child: Params = isPlainObject(existing) ? existing : {};
  container[key] = child;
  setNested(child, rest, value);
}

export function isPlainObject(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Ruby semantics used by Zammad's code, for values that came from params.

/** Ruby truthiness: only nil and false are false ('' and 0 are true). */
export function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

/** ActiveSupport's present?: not nil/false, not an empty or whitespace-only string, not an empty array or hash. */
export function present(value: unknown): boolean {
  if (!truthy(value)) return false;
  if (typeof value === 'string') return /[^\s]/.test(value);
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** What ActiveRecord stores in a string column: strings as is, true/false as 't'/'f', numbers as text. */
export function castString(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value === true) return 't';
  if (value === false) return 'f';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
