import { carrierNamed } from '../../src/carriers/carrier-name';
import { InvalidInputError } from '../../src/invalid-input';
import { json } from '../../src/runtime/define-function';
import { optionalString } from '../../src/runtime/params';
import { softphoneFunction } from '../../src/runtime/softphone-function';

/**
 * POST /softphone/heartbeat (every 30 s from the open softphone; `state=offline` when the page
 * closes): keeps the agent signed in, or signs them out at once. Never writes the agent map.
 */
export const handler = softphoneFunction(async ({ params, config, services }, agent) => {
  const state = optionalString(params, 'state') ?? 'online';
  if (state !== 'online' && state !== 'offline') throw new InvalidInputError(`state must be online or offline, got ${JSON.stringify(state)}`);
  const now = services().now();
  const result =
    state === 'online'
      ? await services().softphones.beat(agent.id, carrierNamed(optionalString(params, 'carrier')) ?? config.CARRIER, now)
      : await services().softphones.signOut(agent.id, now);
  return json(200, { agentId: agent.id, ...result });
});
