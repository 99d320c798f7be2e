import { parseNotification } from '../../src/carriers/africastalking/notification';
import { handleAtNotification } from '../../src/carriers/africastalking/voice-callback';
import { atFunction } from '../../src/runtime/at-function';
import { xml } from '../../src/runtime/define-function';

/** POST /africastalking/voice?key=…: the AT number's voice callback; answers with a dial plan. */
export const handler = atFunction(async ({ params, services, webhookBase }) => {
  const deps = services().africasTalking(webhookBase())!;
  return xml(await handleAtNotification(parseNotification(params), deps));
});
