import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { HELPDESK_BATCH_BUDGET_MS, json } from '../../src/runtime/define-function';
import { withHelpdeskBudget } from '../../src/http/request-budget';
import { FeatureOffError } from '../../src/runtime/request-errors';

/** POST /zammad/sync-agents: read Zammad's cti.agent users into the agent map now. */
export const handler = dashboardFunction(async ({ services }) => {
  const directory = services().directory;
  if (!directory) throw new FeatureOffError('Zammad is not configured (set ZAMMAD_URL, ZAMMAD_CTI_TOKEN and ZAMMAD_API_TOKEN)');
  return json(200, await withHelpdeskBudget(HELPDESK_BATCH_BUDGET_MS, () => directory.now()));
});
