import { phoneParam, callSid } from '../../src/carriers/twilio/webhook-params';
import { renderCallDecision } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/incoming: a number's Voice URL. Rings the available agents, or queues the caller (ROUTING_MODE). */
export const handler = twilioFunction({}, async ({ params, config, services, dialer }) => {
  const callId = callSid(params, { key: 'CallSid', purpose: 'the incoming call' });
  const decision = await services().voice.incoming({
    callId,
    carrier: 'twilio',
    direction: 'in',
    from: phoneParam(params, 'From', config.DEFAULT_REGION),
    to: phoneParam(params, 'To', config.DEFAULT_REGION),
  }, dialer());
  return twiml(renderCallDecision(decision));
});
