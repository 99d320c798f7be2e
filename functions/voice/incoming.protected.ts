import { optionalString } from '../../src/runtime/params';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { TWILIO_PROFILE } from '../../src/carriers/twilio/profile';
import { AGENT_ID_PATTERN } from '../../src/agents';
import { phoneParam, callSid } from '../../src/carriers/twilio/webhook-params';
import { renderCallDecision } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { InvalidInputError } from '../../src/invalid-input';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/incoming[?languageKey=<key>&preferAgent=<agent id>&hours=checked]: a number's Voice
 * URL, or a Studio flow's hand-over. On a closed line (business hours), the closed message and
 * voicemail; else rings the available agents, or queues the caller (ROUTING_MODE). A preferred
 * agent (the caller's ticket owner) rings alone first when they can take the call; the key the
 * caller pressed in the line's language menu (its languages, else LANGUAGES) puts agents who speak it first; a flow
 * that already asked /studio/agents whether the line is open says hours=checked.
 */
export const handler = twilioFunction({ route: ROUTES.incoming, unknownCall: 'caller-leg' }, async ({ params, config, services, dialer }) => {
  const callId = callSid(params, { key: 'CallSid', purpose: 'the incoming call' });
  const preferAgent = optionalString(params, 'preferAgent');
  if (preferAgent !== undefined && !AGENT_ID_PATTERN.test(preferAgent)) {
    throw new InvalidInputError('preferAgent must be an agent id (1-64 letters, digits, _ . or -)');
  }
  // Empty when the flow skipped its menu; a key the menu does not offer is no choice.
  const languageKey = optionalString(params, 'languageKey');
  if (languageKey !== undefined && !/^[0-9*#]$/.test(languageKey)) throw new InvalidInputError('languageKey must be the one key the caller pressed');
  const hours = optionalString(params, 'hours');
  if (hours !== undefined && hours !== 'checked') throw new InvalidInputError('hours must be "checked" (the flow already asked whether the line is open) or absent');
  const decision = await services().incoming.incoming(
    {
      callId,
      carrier: TWILIO_PROFILE.id,
      direction: 'in',
      from: phoneParam(params, 'From', config.DEFAULT_REGION),
      to: phoneParam(params, 'To', config.DEFAULT_REGION),
    },
    { dialer: dialer(), preferredAgentId: preferAgent, hoursChecked: hours === 'checked', languageKey },
  );
  return twiml(renderCallDecision(decision));
});
