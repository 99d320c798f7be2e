import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { HELPDESK_BATCH_BUDGET_MS, json } from '../../src/runtime/define-function';
import { withHelpdeskBudget } from '../../src/http/request-budget';
import { FeatureOffError } from '../../src/runtime/request-errors';

/** POST /freshdesk/sync-agents: read Freshdesk's agents into the agent map now. */
export const handler = dashboardFunction(async ({ config, services }) => {
  const directory = services().directory;
  if (!directory || !config.FRESHDESK_URL || config.ZAMMAD_URL) {
    throw new FeatureOffError('agents do not come from Freshdesk here (set FRESHDESK_URL and FRESHDESK_API_KEY, with Zammad off)');
  }
  return json(200, await withHelpdeskBudget(HELPDESK_BATCH_BUDGET_MS, () => directory.now()));
});
