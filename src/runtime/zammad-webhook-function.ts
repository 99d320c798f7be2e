import { isValidHubSignature } from '../helpdesks/zammad/webhook-signature';
import { defineFunction, type Handle } from './define-function';
import { FeatureOffError, UnverifiedSenderError } from './request-errors';
import { header, type Event } from './params';

/** For Zammad webhooks: `X-Hub-Signature` must be the HMAC-SHA1 of the body with ZAMMAD_WEBHOOK_SECRET. */
export function zammadWebhookFunction(handle: Handle) {
  return defineFunction(({ config, event }) => {
    if (!config.ZAMMAD_WEBHOOK_SECRET) {
      throw new FeatureOffError('webhooks from Zammad are off: set ZAMMAD_WEBHOOK_SECRET to the webhook\'s HMAC SHA1 signature token');
    }
    if (!isValidHubSignature(config.ZAMMAD_WEBHOOK_SECRET, header(event, 'x-hub-signature'), webhookPayload(event))) {
      throw new UnverifiedSenderError('invalid or missing X-Hub-Signature (HMAC-SHA1 of the body with the webhook\'s signature token)');
    }
  }, handle);
}

/** The JSON body Zammad sent: the runtime's event without its own `request` key. */
export function webhookPayload(event: Event): Record<string, unknown> {
  const { request: _transport, ...payload } = event;
  return payload;
}
