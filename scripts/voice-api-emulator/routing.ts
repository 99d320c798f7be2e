/** Maps a method and path to an endpoint handler; knows nothing about sockets. */
import type { BasicCredentials } from '../twilio-emulator-kit/basic-auth';
import type { ApiRequest, JsonReply } from '../twilio-emulator-kit/http-server';
import { routeFor, type PathRules, type Route as RouteOf, type RouteParams } from '../twilio-emulator-kit/route-table';
import { assertAccount } from './auth';
import { notFound } from './errors';
import type { VoiceStore } from './store';

export interface VoiceRequest extends ApiRequest {
  credentials: BasicCredentials;
}

export type VoiceReply = JsonReply;

export interface Deps {
  store: VoiceStore;
  now: () => number;
}

export type { RouteParams };

/** The path's AccountSid: every route has one, and dispatch() has checked it before any handler runs. */
export function accountOf(params: RouteParams): string {
  return params.account ?? '';
}

export type Handler = (request: VoiceRequest, params: RouteParams, deps: Deps) => VoiceReply;

export type Route = RouteOf<Handler>;

const VOICE_PATHS: PathRules = {
  // 2010 paths end in `.json`: neither `Calls.json/` nor `Calls/.json` names a resource.
  ignoreTrailingSlash: false,
  allowEmptyParams: false,
  malformedParam: (_name, path) => notFound(path),
};

export function dispatch(routes: readonly Route[], request: VoiceRequest, deps: Deps): VoiceReply {
  // The account is checked before the method: a foreign account's path is "not found" whatever the method.
  const { handler, params } = routeFor(routes, request.method, request.path, VOICE_PATHS, (found) =>
    assertAccount(found.account ?? '', request.credentials, request.path),
  );
  return handler(request, params, deps);
}
