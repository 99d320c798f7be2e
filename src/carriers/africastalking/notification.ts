import { z } from 'zod';
import { InvalidInputError } from '../../invalid-input';
import type { Params } from '../../runtime/params';

/** Session ids name a Sync object each, so only characters a Sync name can hold. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,200}$/;

const seconds = z.coerce.number().int().min(0).optional();
const text = z.string().optional().transform((s) => (s && s.trim() !== '' ? s.trim() : undefined));

/** What Africa's Talking posts to the voice callback (all form strings). */
const schema = z.object({
  isActive: z.enum(['0', '1'], { message: 'must be 1 (call up) or 0 (final notice)' }),
  sessionId: z.string().regex(SESSION_ID, 'must be an Africa\'s Talking session id'),
  direction: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['inbound', 'outbound'], { message: 'must be Inbound or Outbound' })),
  callerNumber: z.string().min(1, 'is required'),
  destinationNumber: text,
  dtmfDigits: text,
  /** Present but empty when a <Record> got nothing: not the same as absent. */
  recordingUrl: z.string().trim().optional(),
  durationInSeconds: seconds,
  hangupCause: text,
  dialDestinationNumber: text,
  dialDurationInSeconds: seconds,
  /** What a browser client dialled: present only on the first request of a call placed from the browser. */
  clientDialedNumber: text,
});

export type AtNotification = z.infer<typeof schema> & { active: boolean };

/** Reads a callback or answers 400 naming what is wrong. */
export function parseNotification(params: Params): AtNotification {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw new InvalidInputError(parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; '));
  }
  return { ...parsed.data, active: parsed.data.isActive === '1' };
}
