import type { Agent } from '../agents';
import { UnknownAgentError } from '../agents';
import { verifyLink } from '../softphone/link-signature';
import { defineFunction, type FunctionRequest, type Reply } from './define-function';
import { checkFreshdeskApp } from './freshdesk-app-function';
import { header, optionalString } from './params';
import { UnauthenticatedError } from './request-errors';

export type SoftphoneHandle = (request: FunctionRequest, agent: Agent) => Promise<Reply> | Reply;

/**
 * For an agent's softphone, which speaks for exactly one agent: either the page opened from the
 * agent's signed link (agent, exp, sig from /softphone/link), or the Freshdesk app (its secret
 * in the Authorization header, the logged-in agent's email in agentEmail). Anything else is a 401.
 */
export function softphoneFunction(handle: SoftphoneHandle) {
  // Authentication needs the agent map (who the link or the email names), so it runs as part of the handler.
  return defineFunction(() => undefined, async (request) => handle(request, await softphoneAgent(request)));
}

async function softphoneAgent(request: FunctionRequest): Promise<Agent> {
  const { params, config, services, event } = request;
  const link = { agent: optionalString(params, 'agent'), exp: optionalString(params, 'exp'), sig: optionalString(params, 'sig') };
  if (link.sig !== undefined) {
    const { agentId } = verifyLink(config.DASHBOARD_TOKEN, link, services().now());
    const agent = await services().agents.get(agentId);
    // A signed link for an agent since removed from the directory no longer signs anyone in.
    if (!agent) throw new UnauthenticatedError(`the softphone link is for ${JSON.stringify(agentId)}, who is no longer an agent here`);
    return agent;
  }
  // Without the Freshdesk app a bearer header proves nothing here (the dashboard's token signs links, it does not take calls).
  if (header(event, 'authorization') !== undefined && config.FRESHDESK_APP_SECRET) {
    checkFreshdeskApp(request);
    const email = optionalString(params, 'agentEmail');
    if (!email) throw new UnauthenticatedError('the Freshdesk app must say which agent is logged in (agentEmail)');
    const agent = await services().agents.byEmail(email);
    if (!agent) throw new UnknownAgentError(email.trim().toLowerCase());
    return agent;
  }
  throw new UnauthenticatedError(
    'a softphone link (agent, exp and sig) or the Freshdesk app (Authorization: Bearer <FRESHDESK_APP_SECRET> and agentEmail) is required',
  );
}
