import { freshdeskTicket } from '../../src/helpdesks/freshdesk/origin-ticket';
import { json } from '../../src/runtime/define-function';
import { optionalString, requireParam } from '../../src/runtime/params';
import { softphoneFunction } from '../../src/runtime/softphone-function';

/**
 * POST /softphone/call, JSON { number, ticketId? } (same credentials as /softphone/token): before
 * an Africa's Talking browser client dials, checks the number and queues it for the agent; the
 * dial plan then calls only that number. → 200 { number } (E.164), 400 for a number not allowed.
 */
export const handler = softphoneFunction(async ({ params, services }, agent) => {
  const number = requireParam(params, { key: 'number', purpose: 'the number the softphone is about to call, in E.164' });
  const ticketId = optionalString(params, 'ticketId');
  return json(200, await services().browserCalls.queue(agent.id, number, ticketId ? freshdeskTicket(ticketId) : null));
});
