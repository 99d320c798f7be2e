/** Studio v2: /v2/Flows, /v2/Flows/{Sid}, /v2/Flows/Validate, /v2/Flows/{Sid}/Revisions[/{Revision}]. */
import {
  definitionNotJson,
  flowValidationFailed,
  invalidParameter,
  missingParameter,
  notFound,
} from './errors';
import { checkDefinition } from './flow-check';
import { metaPage } from './pagination';
import { flowsUrl, renderFlow, renderRevision } from './render';
import { optional, type Deps, type EmulatorRequest, type Handler, type RouteParams } from './routing';
import type { FlowRecord } from './store';
import type { FlowStatus } from './types';

export const createFlow: Handler = (request, _params, deps) => {
  const friendlyName = required(request.form, 'FriendlyName');
  const status = readStatus(request.form);
  const definition = readDefinition(request.form);
  rejectInvalidPublished(status, definition);
  deps.store.counters.flowCreates += 1;
  const flow = deps.store.createFlow({
    friendlyName,
    status,
    definition,
    commitMessage: optional(request.form, 'CommitMessage') ?? null,
    author: 'api',
  });
  return { status: 201, body: renderFlow(flow) };
};

export const updateFlow: Handler = (request, params, deps) => {
  const flow = requireFlow(request, params, deps);
  const status = readStatus(request.form);
  const definition = request.form.has('Definition') ? readDefinition(request.form) : flow.definition;
  rejectInvalidPublished(status, definition);
  deps.store.counters.flowUpdates += 1;
  deps.store.updateFlow(flow, {
    friendlyName: optional(request.form, 'FriendlyName') ?? flow.friendlyName,
    status,
    definition,
    commitMessage: optional(request.form, 'CommitMessage') ?? null,
    author: 'api',
  });
  return { status: 200, body: renderFlow(flow) };
};

export const fetchFlow: Handler = (request, params, deps) => ({ status: 200, body: renderFlow(requireFlow(request, params, deps)) });

export const deleteFlow: Handler = (request, params, deps) => {
  deps.store.deleteFlow(requireFlow(request, params, deps));
  return { status: 204 };
};

export const listFlows: Handler = (request, _params, deps) => ({
  status: 200,
  body: metaPage(deps.store.listFlows(), request.query, flowsUrl, 'flows', (flow) => renderFlow(flow, true)),
});

/** Answers {"valid": true} or 400 / 81022 with the failures; saves nothing. */
export const validateFlow: Handler = (request, _params, deps) => {
  deps.store.counters.validations += 1;
  required(request.form, 'FriendlyName');
  readStatus(request.form);
  const definition = readDefinition(request.form);
  deps.store.validated.push(definition);
  const errors = checkDefinition(definition);
  if (errors.length > 0) throw flowValidationFailed(errors);
  return { status: 200, body: { valid: true } };
};

/** Newest first (UNCONFIRMED: the spec's example lists a single revision). */
export const listRevisions: Handler = (request, params, deps) => {
  const flow = requireFlow(request, params, deps);
  const newestFirst = [...flow.revisions].reverse().map((revision, index) => ({ revision, seq: index }));
  return {
    status: 200,
    body: metaPage(newestFirst, request.query, `${flowsUrl}/${flow.sid}/Revisions`, 'revisions', (entry) =>
      renderRevision(flow, entry.revision, true),
    ),
  };
};

/** A revision number, or `LatestPublished` / `LatestRevision` (the spec's words). */
export const fetchRevision: Handler = (request, params, deps) => {
  const flow = requireFlow(request, params, deps);
  const wanted = params.revision ?? '';
  const revision =
    wanted === 'LatestRevision'
      ? flow.revisions[flow.revisions.length - 1]
      : wanted === 'LatestPublished'
        ? [...flow.revisions].reverse().find((r) => r.status === 'published')
        : flow.revisions.find((r) => String(r.revision) === wanted);
  if (!revision) throw notFound(request.path);
  return { status: 200, body: renderRevision(flow, revision) };
};

function requireFlow(request: EmulatorRequest, params: RouteParams, deps: Deps): FlowRecord {
  const flow = deps.store.getFlow(params.flow ?? '');
  if (!flow) throw notFound(request.path);
  return flow;
}

function required(form: URLSearchParams, name: string): string {
  const value = optional(form, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

function readStatus(form: URLSearchParams): FlowStatus {
  const value = required(form, 'Status');
  if (value !== 'draft' && value !== 'published') throw invalidParameter(`Status must be draft or published, not ${value}`);
  return value;
}

function readDefinition(form: URLSearchParams): unknown {
  const raw = required(form, 'Definition');
  try {
    return JSON.parse(raw);
  } catch {
    throw definitionNotJson();
  }
}

/**
 * A published revision must be valid; a draft may be saved invalid and reports `valid: false` with its
 * `errors` (UNCONFIRMED: our reading of the resource's valid/errors fields).
 */
function rejectInvalidPublished(status: FlowStatus, definition: unknown): void {
  if (status !== 'published') return;
  const errors = checkDefinition(definition);
  if (errors.length > 0) throw flowValidationFailed(errors);
}
