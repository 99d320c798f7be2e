import type { Proc } from './clock';
import { PartyHungUp, type Leg } from './legs';

/** When neither side of a conversation says how long it talks, it lasts this long. */
const DEFAULT_TALK_SECONDS = 60;

/** Who ended a conversation: the dialling side `a`, the dialled side `b`, or the <Dial timeLimit>. */
export type BridgeEnd = 'a' | 'b' | 'limit';

/**
 * Two legs talk until one party hangs up (its `talkSeconds`, or its `hangUpAfter` striking
 * mid-call) or the time limit ends it. `proc` acts for both legs meanwhile, so either party's
 * hang-up lands here. The legs' statuses are left to the caller.
 */
export async function converse(proc: Proc, a: Leg, b: Leg, timeLimit: number): Promise<BridgeEnd> {
  const aTalk = a.party.talkSeconds;
  const bTalk = b.party.talkSeconds;
  let talk = Math.min(aTalk, bTalk, timeLimit);
  let end: BridgeEnd = talk === timeLimit && timeLimit < Math.min(aTalk, bTalk) ? 'limit' : aTalk <= bTalk ? 'a' : 'b';
  if (!Number.isFinite(talk)) {
    talk = Math.min(DEFAULT_TALK_SECONDS, timeLimit);
    end = 'a';
  }
  a.attach(proc);
  b.attach(proc);
  try {
    await proc.sleep(talk);
    return end;
  } catch (error) {
    if (error instanceof PartyHungUp && error.leg === a) return 'a';
    if (error instanceof PartyHungUp && error.leg === b) return 'b';
    throw error;
  } finally {
    b.detach(proc);
  }
}
