/** Maps a method and path to an endpoint handler; knows nothing about sockets or persistence. */
import type { ApiRequest, JsonReply } from '../twilio-emulator-kit/http-server';
import { routeFor, type PathRules, type Route as RouteOf, type RouteParams } from '../twilio-emulator-kit/route-table';
import { invalidKey, notFound } from './errors';
import type { WriteRateLimiter } from './rate-limit';
import type { RenderContext } from './render';
import type { MapTraffic } from './stats';
import type { FaultStorm } from './storm';
import type { SyncStore } from './store';

export interface SyncRequest extends ApiRequest {
  ifMatch: string | undefined;
  ctx: RenderContext;
}

export type SyncReply = JsonReply;

export interface Deps {
  store: SyncStore;
  limiter: WriteRateLimiter;
  traffic: MapTraffic;
  storm: FaultStorm;
  /** Resolves once the current state is on disk. */
  persist(): Promise<void>;
}

export type { RouteParams };

export type Handler = (request: SyncRequest, params: RouteParams, deps: Deps) => SyncReply | Promise<SyncReply>;

export type Route = RouteOf<Handler>;

const SYNC_PATHS: PathRules = {
  ignoreTrailingSlash: true,
  // An empty key reaches the handler, which reports it as an invalid key rather than a missing resource.
  allowEmptyParams: true,
  // Malformed percent-encoding: a bad key is the client's input error, anything else is no resource.
  malformedParam: (name, path) => (name === 'key' ? invalidKey() : notFound(path)),
};

export function dispatch(routes: readonly Route[], request: SyncRequest, deps: Deps): SyncReply | Promise<SyncReply> {
  const { handler, params } = routeFor(routes, request.method, request.path, SYNC_PATHS);
  return handler(request, params, deps);
}
