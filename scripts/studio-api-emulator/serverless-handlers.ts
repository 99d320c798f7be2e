/**
 * Serverless v1, the read side a flow deploy needs: the service, its environments (with domain_name and
 * build_sid), a build (with function_versions: path, function_sid, visibility) and its Functions.
 * Writes (deploying Functions) happen through the emulator's in-process API, as `twilio serverless:deploy` would.
 */
import { notFound } from './errors';
import { metaPage } from './pagination';
import { renderBuild, renderEnvironment, renderFunction, renderService, SERVERLESS_ORIGIN } from './render';
import type { Deps, EmulatorRequest, Handler, RouteParams } from './routing';
import type { EnvironmentRecord, FunctionRecord, ServiceRecord } from './store';

export const fetchService: Handler = (request, params, deps) => ({
  status: 200,
  body: renderService(deps.store.accountSid, requireService(request, params, deps)),
});

export const listEnvironments: Handler = (request, params, deps) => {
  const service = requireService(request, params, deps);
  const url = `${SERVERLESS_ORIGIN}/v1/Services/${service.sid}/Environments`;
  const render = (e: EnvironmentRecord): unknown => renderEnvironment(deps.store.accountSid, e);
  return { status: 200, body: metaPage(deps.store.listEnvironments(service), request.query, url, 'environments', render) };
};

export const fetchEnvironment: Handler = (request, params, deps) => {
  const environment = deps.store.findEnvironment(requireService(request, params, deps), params.environment ?? '');
  if (!environment) throw notFound(request.path);
  return { status: 200, body: renderEnvironment(deps.store.accountSid, environment) };
};

export const fetchBuild: Handler = (request, params, deps) => {
  const build = deps.store.findBuild(requireService(request, params, deps), params.build ?? '');
  if (!build) throw notFound(request.path);
  return { status: 200, body: renderBuild(deps.store.accountSid, build) };
};

export const listFunctions: Handler = (request, params, deps) => {
  const service = requireService(request, params, deps);
  const url = `${SERVERLESS_ORIGIN}/v1/Services/${service.sid}/Functions`;
  const render = (fn: FunctionRecord): unknown => renderFunction(deps.store.accountSid, fn);
  return { status: 200, body: metaPage(deps.store.listFunctions(service), request.query, url, 'functions', render) };
};

export const fetchFunction: Handler = (request, params, deps) => {
  const fn = deps.store.findFunction(requireService(request, params, deps), params.function ?? '');
  if (!fn) throw notFound(request.path);
  return { status: 200, body: renderFunction(deps.store.accountSid, fn) };
};

function requireService(request: EmulatorRequest, params: RouteParams, deps: Deps): ServiceRecord {
  const service = deps.store.findService(params.service ?? '');
  if (!service) throw notFound(request.path);
  return service;
}
