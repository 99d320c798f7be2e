import { UnknownAgentError } from '../../src/agents';
import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';
import { requireParam } from '../../src/runtime/params';
import { signLink, softphonePath } from '../../src/softphone/link-signature';

/** GET /softphone/link?agentId=…: the agent's signed softphone link, valid SOFTPHONE_LINK_HOURS. */
export const handler = dashboardFunction(async ({ params, config, services, webhookBase }) => {
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent the softphone link signs in' });
  if (!(await services().agents.get(agentId))) throw new UnknownAgentError(agentId);
  const expiresAt = new Date(services().now().getTime() + config.SOFTPHONE_LINK_HOURS * 3600 * 1000);
  const path = softphonePath(signLink(config.DASHBOARD_TOKEN, { agentId, expiresAt }));
  return json(200, { agentId, url: webhookBase() + path, path, expiresAt: expiresAt.toISOString() });
});
