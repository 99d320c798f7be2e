import { parseNotification } from '../../src/carriers/africastalking/notification';
import { handleAtNotification } from '../../src/carriers/africastalking/voice-callback';
import { atFunction } from '../../src/runtime/at-function';
import { xml } from '../../src/runtime/define-function';

/**
 * POST /africastalking/events?key=…: call notifications sent apart from the dial-plan requests
 * (the final notice, a dialled party answering). They change state exactly as on the voice
 * callback; nothing is answered but an empty dial plan.
 */
export const handler = atFunction(async ({ params, services, webhookBase }) => {
  const deps = services().africasTalking(webhookBase())!;
  await handleAtNotification(parseNotification(params), deps);
  return xml('');
});
