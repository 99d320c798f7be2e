import { clickToCallRequest } from '../../src/helpdesks/zammad/click-to-call';
import { json } from '../../src/runtime/define-function';
import { webhookPayload, zammadWebhookFunction } from '../../src/runtime/zammad-webhook-function';

/**
 * POST /zammad/click-to-call: a Zammad webhook (from a Trigger or Macro) asking to call a
 * ticket's customer for the agent who fired it.
 */
export const handler = zammadWebhookFunction(async ({ event, config, services, webhookBase }) => {
  const request = clickToCallRequest(webhookPayload(event), config.DEFAULT_REGION);
  const { callId } = await services().clickToCall(request, webhookBase());
  return json(201, { callId, ticket: request.ticketNumber });
});
