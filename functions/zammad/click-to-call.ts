import { isValidHubSignature } from '../../src/helpdesks/zammad/webhook-signature';
import { clickToCallRequest } from '../../src/helpdesks/zammad/click-to-call';
import { defineFunction, json } from '../../src/runtime/define-function';
import { forbidden, HttpError } from '../../src/runtime/http-errors';
import { header } from '../../src/runtime/params';

/**
 * POST /zammad/click-to-call: a Zammad webhook (from a Trigger or Macro) asking to call a
 * ticket's customer for the agent who fired it. Signed with the webhook's HMAC token.
 */
export const handler = defineFunction(
  ({ config, event }) => {
    if (!config.ZAMMAD_WEBHOOK_SECRET) throw new HttpError(409, 'click-to-call from Zammad is off: set ZAMMAD_WEBHOOK_SECRET to the webhook\'s HMAC SHA1 signature token');
    const { request: _transport, ...payload } = event;
    if (!isValidHubSignature(config.ZAMMAD_WEBHOOK_SECRET, header(event, 'x-hub-signature'), payload)) {
      throw forbidden('invalid or missing X-Hub-Signature (HMAC-SHA1 of the body with the webhook\'s signature token)');
    }
  },
  async ({ event, config, services, webhookBase }) => {
    const { request: _transport, ...payload } = event;
    const request = clickToCallRequest(payload, config.DEFAULT_REGION);
    const { callId } = await services().clickToCall(request, webhookBase());
    return json(201, { callId, ticket: request.ticketNumber });
  },
);
