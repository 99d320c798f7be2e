import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';

/**
 * POST /outbox/flush: redeliver events a helpdesk did not take (it was down, or refused them).
 * Call it from any scheduler (a cron job, an uptime monitor) every minute or so.
 */
export const handler = dashboardFunction(async ({ services }) => json(200, await services().outbox.flushPending()));
