import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { HELPDESK_BATCH_BUDGET_MS, json } from '../../src/runtime/define-function';
import { withHelpdeskBudget } from '../../src/http/request-budget';

/**
 * POST /outbox/flush: redeliver events a helpdesk did not take (it was down, or refused them).
 * Call it from any scheduler (a cron job, an uptime monitor) every minute or so.
 */
export const handler = dashboardFunction(async ({ services }) =>
  json(200, await withHelpdeskBudget(HELPDESK_BATCH_BUDGET_MS, () => services().outbox.flushPending())),
);
