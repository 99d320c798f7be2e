/** Path-pattern routing shared by the emulators; knows nothing about sockets or stores. */
import { methodNotAllowed, notFound } from './twilio-error';

/** Decoded path parameters; a route only matches when all of its `:name` segments are present. */
export type RouteParams = Readonly<Record<string, string>>;

/**
 * Pattern segments are literals, `:name` (a whole segment) or `:name.json` (a segment ending in .json,
 * the suffix the 2010 API uses to pick JSON over XML; other suffixes are not served).
 */
export interface Route<H> {
  pattern: readonly string[];
  methods: Readonly<Partial<Record<string, H>>>;
}

/** Where the emulated APIs disagree about paths; each emulator states its own. */
export interface PathRules {
  /** Whether `/a/b/` reaches the route of `/a/b`. */
  ignoreTrailingSlash: boolean;
  /** Whether `:name` may match an empty segment, leaving it to the handler to reject. */
  allowEmptyParams: boolean;
  /** The error for a `:name` segment whose percent-encoding is malformed. */
  malformedParam(name: string, path: string): Error;
}

export interface RouteMatch<H> {
  handler: H;
  params: RouteParams;
}

/**
 * The handler for `method` on the first route that fits `path`: 404 when no route fits, 405 when the
 * route has no such method. `admit` runs in between, for checks that must answer whatever the method.
 */
export function routeFor<H>(
  routes: readonly Route<H>[],
  method: string,
  path: string,
  rules: PathRules,
  admit?: (params: RouteParams) => void,
): RouteMatch<H> {
  // Split before decoding so that an encoded '/' (%2F) stays inside its segment.
  const segments = path.split('/').slice(1);
  if (rules.ignoreTrailingSlash && segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments, path, rules);
    if (!params) continue;
    admit?.(params);
    const handler = route.methods[method];
    if (!handler) throw methodNotAllowed(method);
    return { handler, params };
  }
  throw notFound(path);
}

function matchPattern(
  pattern: readonly string[],
  segments: readonly string[],
  path: string,
  rules: PathRules,
): RouteParams | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    let segment = segments[index] ?? '';
    if (!part.startsWith(':')) {
      if (part !== segment) return undefined;
      continue;
    }
    let name = part.slice(1);
    if (name.endsWith('.json')) {
      if (!segment.endsWith('.json')) return undefined;
      name = name.slice(0, -'.json'.length);
      segment = segment.slice(0, -'.json'.length);
    }
    if (segment === '' && !rules.allowEmptyParams) return undefined;
    try {
      params[name] = decodeURIComponent(segment);
    } catch {
      throw rules.malformedParam(name, path);
    }
  }
  return params;
}
