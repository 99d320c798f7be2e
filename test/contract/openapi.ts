/**
 * Validates response bodies against a Twilio OpenAPI 3.0 spec (github.com/twilio/twilio-oai) with ajv.
 *
 * The schema is looked up by path template + method + status, never copied by hand, so a fake that
 * drifts from the published API fails its contract test. Reusable for any of Twilio's spec files.
 */
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ValidationResult {
  valid: boolean;
  /** One line per problem: "<JSON pointer> <message>". */
  errors: string[];
}

export type ResponseValidator = (body: unknown) => ValidationResult;

export interface ValidatorOptions {
  /**
   * Twilio's specs declare no `required` lists, yet Twilio always sends every declared property (null
   * when empty). With this on, every declared property is required, so a fake that drops one fails.
   */
  requireAllProperties?: boolean;
}

/**
 * The trimmed copies in twilio-oai/ (see its README). TWILIO_OPENAPI_DIR points at another folder of
 * the same file names, e.g. a newer twilio-oai's full `spec/json/`, to check the emulators against it.
 */
export function twilioSpecPath(fileName: string): string {
  return join(process.env.TWILIO_OPENAPI_DIR ?? resolve(__dirname, 'twilio-oai'), fileName);
}

/**
 * A validator for the JSON body of `method pathTemplate` answering `status`, e.g.
 * `responseValidator(spec, '/v1/Services/{ServiceSid}/Maps', 'post', 201)`. For a documented response
 * without content (204) it accepts only an absent body. Throws when the spec does not document it.
 */
export function responseValidator(
  specPath: string,
  pathTemplate: string,
  method: string,
  status: number,
  options: ValidatorOptions = {},
): ResponseValidator {
  const spec = loadSpec(specPath);
  const operation = asRecord(asRecord(spec.paths)[pathTemplate])[method.toLowerCase()];
  if (operation === undefined) {
    throw new Error(`${specPath} documents no ${method.toUpperCase()} ${pathTemplate}`);
  }
  const responses = asRecord(asRecord(operation).responses);
  const response = responses[String(status)];
  if (response === undefined) {
    throw new Error(
      `${specPath} documents no ${status} for ${method.toUpperCase()} ${pathTemplate} ` +
        `(documented: ${Object.keys(responses).join(', ')})`,
    );
  }
  const content = asRecord(response).content;
  if (content === undefined) {
    return (body) =>
      body === undefined || body === ''
        ? { valid: true, errors: [] }
        : { valid: false, errors: [`/ expected no body for ${status}`] };
  }
  const schema = asRecord(asRecord(content)['application/json']).schema;
  if (schema === undefined) throw new Error(`${pathTemplate} ${status} has no application/json schema`);

  const compiled = compile(specPath, schema, options);
  return (body) => {
    const valid = compiled(body);
    const errors = (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    return { valid, errors };
  };
}

// ---- internals ----

type JsonRecord = Record<string, unknown>;

const specs = new Map<string, JsonRecord>();
const validators = new Map<string, Ajv>();

function loadSpec(specPath: string): JsonRecord {
  let spec = specs.get(specPath);
  if (!spec) {
    spec = asRecord(JSON.parse(readFileSync(specPath, 'utf8')));
    specs.set(specPath, spec);
  }
  return spec;
}

/** One ajv per spec (and option set), holding the spec's components under an absolute $id. */
function ajvFor(specPath: string, options: ValidatorOptions): Ajv {
  const cacheKey = `${specPath}\n${options.requireAllProperties === true}`;
  let ajv = validators.get(cacheKey);
  if (ajv) return ajv;
  const spec = loadSpec(specPath);
  // strict: false because OpenAPI adds keywords JSON Schema lacks (x-twilio, example, discriminator...).
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, spec);
  const components = asRecord(asRecord(spec.components).schemas);
  const prepared: JsonRecord = {};
  for (const [name, schema] of Object.entries(components)) {
    prepared[name] = prepare(schema, componentsId(specPath), options);
  }
  ajv.addSchema({ $id: componentsId(specPath), components: { schemas: prepared } });
  validators.set(cacheKey, ajv);
  return ajv;
}

function compile(specPath: string, schema: unknown, options: ValidatorOptions): ValidateFunction {
  return ajvFor(specPath, options).compile(prepare(schema, componentsId(specPath), options) as AnySchema);
}

function componentsId(specPath: string): string {
  return `https://openapi.invalid/${encodeURIComponent(specPath)}`;
}

/**
 * Turns an OpenAPI 3.0 schema into one ajv accepts: local `#/components/...` refs point at the
 * components document registered above, `nullable` without `type` (which ajv rejects) is dropped
 * because a typeless schema already admits null, and nullable enums admit null explicitly.
 */
function prepare(node: unknown, refBase: string, options: ValidatorOptions): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const schema = node as JsonRecord;
  if (typeof schema.$ref === 'string') {
    // OpenAPI 3.0 ignores siblings of $ref, so they are dropped here too.
    return { $ref: schema.$ref.startsWith('#/') ? refBase + schema.$ref : schema.$ref };
  }
  const out: JsonRecord = { ...schema };
  if (out.nullable === true && out.type === undefined) delete out.nullable;
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];

  const sub = (value: unknown): unknown => prepare(value, refBase, options);
  if (isRecord(out.properties)) {
    const properties: JsonRecord = {};
    for (const [name, value] of Object.entries(out.properties)) properties[name] = sub(value);
    out.properties = properties;
    if (options.requireAllProperties && out.required === undefined) out.required = Object.keys(properties);
  }
  if (out.items !== undefined) out.items = Array.isArray(out.items) ? out.items.map(sub) : sub(out.items);
  if (isRecord(out.additionalProperties)) out.additionalProperties = sub(out.additionalProperties);
  if (out.not !== undefined) out.not = sub(out.not);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = out[keyword];
    if (Array.isArray(list)) out[keyword] = list.map(sub);
  }
  return out;
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** As the 2010 API prints dates: "Tue, 31 Aug 2010 20:36:28 +0000". */
const RFC_2822 = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/;

/**
 * Formats with a checkable meaning are enforced; Twilio's own annotations (uri-map, phone-number,
 * currency, ...) only describe the value, so they are registered as always valid to keep ajv quiet.
 */
function addFormats(ajv: Ajv, spec: JsonRecord): void {
  const known: Record<string, (value: string) => boolean> = {
    'date-time': (value) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
    date: (value) => /^\d{4}-\d\d-\d\d$/.test(value) && !Number.isNaN(Date.parse(value)),
    'date-time-rfc-2822': (value) => RFC_2822.test(value) && !Number.isNaN(Date.parse(value)),
    uri: (value) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(value) && canParseUrl(value),
  };
  for (const [name, validate] of Object.entries(known)) ajv.addFormat(name, { type: 'string', validate });
  ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
  for (const name of formatsIn(spec)) {
    if (!(name in known) && name !== 'int32' && name !== 'int64') ajv.addFormat(name, true);
  }
}

function formatsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const value of node) formatsIn(value, found);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') found.add(value);
      else formatsIn(value, found);
    }
  }
  return found;
}

function canParseUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}
