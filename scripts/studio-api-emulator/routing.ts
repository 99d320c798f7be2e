/** Maps a method and path to an endpoint handler; knows nothing about sockets. */
import type { BasicCredentials } from '../twilio-emulator-kit/basic-auth';
import type { ApiRequest, JsonReply } from '../twilio-emulator-kit/http-server';
import { routeFor, type PathRules, type Route as RouteOf, type RouteParams } from '../twilio-emulator-kit/route-table';
import { notFound } from './errors';
import type { StudioStore } from './store';

export interface EmulatorRequest extends ApiRequest {
  credentials: BasicCredentials;
}

export interface Deps {
  store: StudioStore;
}

export type { RouteParams };

export type Handler = (request: EmulatorRequest, params: RouteParams, deps: Deps) => JsonReply;

export type Route = RouteOf<Handler>;

const PATHS: PathRules = {
  ignoreTrailingSlash: false,
  allowEmptyParams: false,
  malformedParam: (_name, path) => notFound(path),
};

export function dispatch(
  routes: readonly Route[],
  request: EmulatorRequest,
  deps: Deps,
  admit: (params: RouteParams) => void,
): JsonReply {
  const { handler, params } = routeFor(routes, request.method, request.path, PATHS, admit);
  return handler(request, params, deps);
}

/** A form field, with an empty string read as absent. */
export function optional(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  return value === null || value === '' ? undefined : value;
}

/** The form fields as sent (the last value of a repeated name). */
export function formRecord(form: URLSearchParams): Record<string, string> {
  return Object.fromEntries(form.entries());
}
