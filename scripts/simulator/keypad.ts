import type { Proc } from './clock';
import type { SimulationContext } from './context';
import type { Leg } from './legs';

export interface KeypadRules {
  /** Seconds to wait for the first key, and for more once keys stop short of the rules. */
  timeout: number;
  /** Keys taken at most (Infinity: no limit). */
  numDigits: number;
  /** Keys that end the input and are not sent ('' = none). */
  finishOnKey: string;
}

/**
 * A party's keys after a prompt, as a carrier's input verb takes them (Twilio's <Gather>,
 * Africa's Talking's <GetDigits>): nothing within `timeout` is no input; keys stop at
 * numDigits or finishOnKey, else the carrier waits `timeout` for more. Null when nothing was entered.
 */
export async function collectKeys(proc: Proc, sim: SimulationContext, leg: Leg, { timeout, numDigits, finishOnKey }: KeypadRules): Promise<string | null> {
  const press = leg.party.nextPress();
  if (!press || press.after >= timeout) {
    await proc.sleep(timeout);
    sim.transcript.add({ kind: 'no-input', who: leg.who });
    return null;
  }
  await proc.sleep(press.after);
  let collected = '';
  let done = false;
  for (const key of press.digits) {
    if (finishOnKey !== '' && finishOnKey.includes(key)) {
      done = true;
      break;
    }
    collected += key;
    if (collected.length >= numDigits) {
      done = true;
      break;
    }
  }
  sim.transcript.add({ kind: 'pressed', who: leg.who, digits: press.digits });
  if (!done) await proc.sleep(timeout);
  return collected === '' ? null : collected;
}
