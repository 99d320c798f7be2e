import { tryE164 } from '../../src/phone/phone-number';
import { languageMenu } from '../../src/routing/languages';
import { json } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';
import { optionalString } from '../../src/carriers/twilio/webhook-params';

/**
 * POST /studio/agents (From, To, CallSid): for a Studio Run Function widget. Whether the called
 * line is open now (its business hours); the agents to ring for this caller in order, with a
 * comma list of their numbers for connect-call-to; when the helpdesk knows the caller, the
 * available owner of their open ticket, to be rung first; and the language menu, if any.
 */
export const handler = twilioFunction({ answers: 'json' }, async ({ params, config, services }) => {
  const caller = tryE164(optionalString(params, 'From'), config.DEFAULT_REGION);
  const called = tryE164(optionalString(params, 'To'), config.DEFAULT_REGION) ?? '';
  const callId = optionalString(params, 'CallSid');
  const now = services().now();
  const state = services().lineState(called, now);
  const [agents, ownerId] = await Promise.all([
    services().agents.available({ now, callerNumber: caller }),
    state.open && callId ? services().ticketOwners?.ownerOf({ callId, callerNumber: caller }) : null,
  ]);
  const ringable = agents
    .filter((agent) => agent.phoneNumbers.length > 0)
    .map(({ id, name, phoneNumbers }) => ({ id, name, number: phoneNumbers[0] }));
  const menu = languageMenu(config.LANGUAGES);
  const owner = ringable.find((agent) => agent.id === ownerId) ?? null;
  const ordered = owner ? [owner, ...ringable.filter((agent) => agent !== owner)] : ringable;
  return json(200, {
    open: state.open,
    closedReason: state.open ? null : state.reason,
    count: ordered.length,
    agents: ordered,
    numbers: ordered.map((a) => a.number).join(','),
    owner,
    // The flow's language menu: its prompt (empty when fewer than two LANGUAGES) and what each key picks.
    languageMenu: menu?.prompt ?? '',
    languages: menu?.choices ?? [],
  });
});
