import { json } from '../../src/runtime/define-function';
import { freshdeskAppFunction } from '../../src/runtime/freshdesk-app-function';
import { requireParam, optionalString } from '../../src/runtime/params';

/**
 * POST /freshdesk/click-to-call, JSON { ticketId, agentEmail | agentId, number?, carrier? }: the
 * Freshdesk app's Call button. Rings the agent, then the ticket's requester (or the number the
 * agent clicked), on the configured carrier or the one named; the call is logged on that ticket.
 */
export const handler = freshdeskAppFunction(async ({ params, services, webhookBase }) => {
  const { callId } = await services().freshdesk!.clickToCall(
    {
      ticketId: requireParam(params, { key: 'ticketId', purpose: 'the Freshdesk ticket to call from' }),
      agentEmail: optionalString(params, 'agentEmail'),
      agentId: optionalString(params, 'agentId'),
      number: optionalString(params, 'number'),
      carrier: optionalString(params, 'carrier'),
    },
    webhookBase(),
  );
  return json(201, { callId });
});
