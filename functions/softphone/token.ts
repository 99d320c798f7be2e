import { carrierNamed } from '../../src/carriers/carrier-name';
import { json } from '../../src/runtime/define-function';
import { optionalString } from '../../src/runtime/params';
import { softphoneFunction } from '../../src/runtime/softphone-function';
import { softphoneToken } from '../../src/softphone/softphone-tokens';

/**
 * POST /softphone/token (carrier optional, default CARRIER): a short-lived token for the calling
 * agent's browser: a Twilio Voice SDK access token, or an Africa's Talking capability token.
 */
export const handler = softphoneFunction(async ({ params, config, services }, agent) => {
  const carrier = carrierNamed(optionalString(params, 'carrier')) ?? config.CARRIER;
  return json(200, await softphoneToken(services().softphoneTokens, agent, carrier, services().now()));
});
