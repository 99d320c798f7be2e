/** Maps a method and path to an endpoint handler; knows nothing about sockets. */
import { assertAccount, type BasicCredentials } from './auth';
import { methodNotAllowed, notFound } from './errors';
import type { VoiceStore } from './store';

export interface VoiceRequest {
  method: string;
  /** The raw request path, for error messages. */
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  credentials: BasicCredentials;
}

export interface VoiceReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Deps {
  store: VoiceStore;
  now: () => number;
}

/** Decoded path parameters; `account` is always present and already checked against the credentials. */
export type RouteParams = Readonly<Record<string, string>>;

/** The path's AccountSid, which dispatch() has checked before any handler runs. */
export function accountOf(params: RouteParams): string {
  return params.account ?? '';
}

export type Handler = (request: VoiceRequest, params: RouteParams, deps: Deps) => VoiceReply;

/**
 * Pattern segments are literals, `:name` (a whole segment) or `:name.json` (a segment ending in .json,
 * the suffix the 2010 API uses to pick JSON over XML; other suffixes are not served).
 */
export interface Route {
  pattern: readonly string[];
  methods: Readonly<Partial<Record<string, Handler>>>;
}

export function dispatch(routes: readonly Route[], request: VoiceRequest, deps: Deps): VoiceReply {
  const segments = request.path.split('/').slice(1);
  for (const route of routes) {
    const params = match(route.pattern, segments, request.path);
    if (!params) continue;
    assertAccount(params.account ?? '', request.credentials, request.path);
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
    if (segment === '') return undefined;
    try {
      params[name] = decodeURIComponent(segment);
    } catch {
      throw notFound(path);
    }
  }
  return params;
}
