import { optionalString } from '../../src/runtime/params';
import { json } from '../../src/runtime/define-function';
import { freshdeskAppFunction } from '../../src/runtime/freshdesk-app-function';

/**
 * GET /freshdesk/agent-call?agentEmail=… (or agentId): the call the agent is on now, with the
 * customer's number, Freshdesk contact and newest open ticket, for the app's pop-up; null if none.
 */
export const handler = freshdeskAppFunction(async ({ params, services }) =>
  json(200, { call: await services().freshdesk!.agentCall({ agentEmail: optionalString(params, 'agentEmail'), agentId: optionalString(params, 'agentId') }) }),
);
