import { optionalString } from '../../src/runtime/params';
import { tryE164 } from '../../src/phone/phone-number';
import { languageMenu } from '../../src/routing/languages';
import { json } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

import { TWILIO_PROFILE } from '../../src/carriers/twilio/profile';

/**
 * POST /studio/agents (From, To, CallSid): for a Studio Run Function widget. Whether the called
 * line is open now (its business hours); the agents to ring for this caller in the planner's
 * order (the caller's ticket owner first, when the helpdesk knows one), with a comma list of
 * their numbers for connect-call-to; and the language menu, if any.
 */
export const handler = twilioFunction({ answers: 'json' }, async ({ params, config, services }) => {
  const { state, agents, owner, languages } = await services().incoming.preview({
    callId: optionalString(params, 'CallSid'),
    from: tryE164(optionalString(params, 'From'), config.DEFAULT_REGION),
    to: tryE164(optionalString(params, 'To'), config.DEFAULT_REGION) ?? '',
    carrier: TWILIO_PROFILE.id,
  });
  const listed = agents.map(({ agent, address }) => ({ id: agent.id, name: agent.name, number: address }));
  const menu = languageMenu(languages);
  return json(200, {
    open: state.open,
    closedReason: state.open ? null : state.reason,
    count: listed.length,
    agents: listed,
    numbers: listed.map((a) => a.number).join(','),
    owner: owner && listed.find((a) => a.id === owner.agent.id),
    // The line's language menu: its prompt (empty below two languages) and what each key picks.
    languageMenu: menu?.prompt ?? '',
    languages: menu?.choices ?? [],
  });
});
