/** Maps a method and path to an endpoint handler; knows nothing about sockets or persistence. */
import { invalidKey, methodNotAllowed, notFound } from './errors';
import type { WriteRateLimiter } from './rate-limit';
import type { RenderContext } from './render';
import type { MapTraffic } from './stats';
import type { SyncStore } from './store';

export interface SyncRequest {
  method: string;
  /** The raw request path, for error messages. */
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  ifMatch: string | undefined;
  ctx: RenderContext;
}

export interface SyncReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Deps {
  store: SyncStore;
  limiter: WriteRateLimiter;
  traffic: MapTraffic;
  /** Resolves once the current state is on disk. */
  persist(): Promise<void>;
}

/** Decoded path parameters; a route only matches when all of its `:name` segments are present. */
export type RouteParams = Readonly<Record<string, string>>;

export type Handler = (request: SyncRequest, params: RouteParams, deps: Deps) => SyncReply | Promise<SyncReply>;

export interface Route {
  pattern: readonly string[];
  methods: Readonly<Partial<Record<string, Handler>>>;
}

export function dispatch(routes: readonly Route[], request: SyncRequest, deps: Deps): SyncReply | Promise<SyncReply> {
  // Split before decoding so that an encoded '/' (%2F) stays inside its segment (and is then rejected as a key).
  const segments = request.path.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  for (const route of routes) {
    const params = match(route.pattern, segments, request.path);
    if (!params) continue;
    const handler = route.methods[request.method];
    if (!handler) throw methodNotAllowed(request.method);
    return handler(request, params, deps);
  }
  throw notFound(request.path);
}

function match(pattern: readonly string[], segments: readonly string[], path: string): RouteParams | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (!part.startsWith(':')) {
      if (part !== segment) return undefined;
      continue;
    }
    const name = part.slice(1);
    try {
      params[name] = decodeURIComponent(segment);
    } catch {
      // Malformed percent-encoding: a bad key is the client's input error, anything else is no resource.
      throw name === 'key' ? invalidKey() : notFound(path);
    }
  }
  return params;
}
