import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';

/** GET /agents/state: every agent with live state and whether they could be rung now. */
export const handler = dashboardFunction(async ({ services }) => {
  const now = services().now();
  const agents = await services().agents.view(now);
  return json(200, { generatedAt: now.toISOString(), agents });
});
