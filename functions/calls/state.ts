import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';

/** GET /calls/state: live calls, the queue and the most recent ended calls with their outcome. */
export const handler = dashboardFunction(async ({ services }) => {
  const now = services().now();
  const calls = await services().callsView.state(now);
  return json(200, { generatedAt: now.toISOString(), ...calls });
});
