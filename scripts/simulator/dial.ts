import type { CallStatus } from '../voice-api-emulator';
import { converse } from './bridge';
import { newCallSid } from './calls-api';
import { Cancelled, Signal, type Proc } from './clock';
import type { SimulationContext } from './context';
import { UnsupportedTwimlError } from './errors';
import { callbackEvents, PartyHungUp, type Leg } from './legs';
import { attrNumber, methodOf } from './twilio-interpreter';
import { describe, type TwimlElement } from './twiml';
import { resolveUrl } from './webhooks';

/** Twilio's <Dial> rings at most ten <Number>s (and <Client>s) at once. */
const MAX_NUMBERS = 10;
const DEFAULT_TIMEOUT = 30;
const DEFAULT_TIME_LIMIT = 4 * 3600;

export type DialCallStatus = 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface DialOutcome {
  status: DialCallStatus;
  childSid: string | null;
  /** Seconds the dialled party was on the call. */
  duration: number;
  bridged: boolean;
  /** The dialling party hung up: the action is requested, its answer ignored, and the call is over. */
  callerHungUp: boolean;
}

/**
 * <Dial><Number>… (and <Client>, an agent's browser, which rings and answers the same way): every number rings at once. The first to pick up is the one: Twilio hangs up
 * the others at that moment (canceled), runs the <Number url> whisper on the picked-up leg, and
 * bridges when the whisper's TwiML ends; a whisper that hangs up ends the whole <Dial>. Nobody
 * within `timeout`: no-answer (busy when every number was busy).
 */
export async function dialNumbers(sim: SimulationContext, proc: Proc, parent: Leg, dial: TwimlElement, docUrl: string): Promise<DialOutcome> {
  const nouns = dial.children.filter((c) => c.name === 'Number' || c.name === 'Client');
  if (nouns.length === 0 && dial.text) nouns.push({ name: 'Number', attrs: {}, text: dial.text, children: [] });
  if (nouns.length === 0) throw new UnsupportedTwimlError(`${describe(dial)} (from ${docUrl}) dials nothing`);
  if (nouns.length > MAX_NUMBERS) throw new UnsupportedTwimlError(`${describe(dial)} (from ${docUrl}) has ${nouns.length} <Number>s; Twilio rings at most ${MAX_NUMBERS}`);
  const timeout = attrNumber(dial, 'timeout', DEFAULT_TIMEOUT);
  const timeLimit = attrNumber(dial, 'timeLimit', DEFAULT_TIME_LIMIT);
  const callerId = dial.attrs.callerId ?? parent.from;

  const legs = nouns.map((noun) =>
    sim.newLeg({
      sid: newCallSid(),
      from: callerId,
      // Twilio posts a <Client> leg's To as `client:<identity>`.
      to: noun.name === 'Client' ? `client:${noun.text}` : noun.text,
      direction: 'outbound-dial',
      parentCallSid: parent.sid,
      party: noun.name === 'Client' ? sim.parties.forClient(noun.text) : sim.parties.forNumber(noun.text),
      statusCallback: noun.attrs.statusCallback
        ? { url: resolveUrl(noun.attrs.statusCallback, docUrl), method: methodOf(noun, 'statusCallbackMethod'), events: callbackEvents(noun.attrs.statusCallbackEvent) }
        : null,
      emulated: false,
    }),
  );
  parent.dials += 1;
  sim.transcript.add({
    kind: 'ring',
    wave: parent.dials,
    via: 'dial',
    timeout,
    targets: legs.map((leg) => ({ who: leg.who, number: leg.to, agentId: leg.party.agentId })),
  });

  const start = proc.now;
  let winner: { leg: Leg; noun: TwimlElement } | null = null;
  let whisper: Proc | null = null;
  try {
    for (const leg of legs) await leg.setStatus('queued');
    for (const leg of legs) await leg.setStatus('ringing');

    const moments = legs
      .map((leg, index) => ({ leg, index, plan: leg.party.answerPlan() }))
      .flatMap(({ leg, index, plan }) => (plan.kind === 'never' || plan.after >= timeout ? [] : [{ leg, index, at: plan.after, kind: plan.kind, voicemail: plan.kind === 'answer' && plan.voicemail }]))
      .sort((x, y) => x.at - y.at || x.index - y.index);
    for (const moment of moments) {
      await proc.sleep(Math.max(0, start + moment.at - proc.now));
      if (moment.kind === 'busy') {
        await moment.leg.setStatus('busy');
        sim.transcript.add({ kind: 'leg-ended', who: moment.leg.who, number: moment.leg.to, status: 'busy' });
        if (legs.every((l) => !l.live)) return ended(sim, parent, 'busy', null, false);
        continue;
      }
      winner = { leg: moment.leg, noun: nouns[moment.index] };
      sim.transcript.add({ kind: 'pickup', who: moment.leg.who, number: moment.leg.to, voicemail: moment.voicemail });
      break;
    }

    if (!winner) {
      await proc.sleep(Math.max(0, start + timeout - proc.now));
      const allBusy = legs.every((l) => l.status === 'busy');
      for (const leg of legs.filter((l) => l.live)) {
        await leg.setStatus('no-answer');
        sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: leg.to, status: 'no-answer' });
      }
      return ended(sim, parent, allBusy ? 'busy' : 'no-answer', null, false);
    }

    const picked = winner.leg;
    for (const leg of legs.filter((l) => l !== picked && l.live)) {
      await leg.setStatus('canceled');
      sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: leg.to, status: 'canceled' });
    }
    await picked.setStatus('in-progress');

    let bridges = true;
    const url = winner.noun.attrs.url;
    if (url) {
      const done = new Signal<boolean>(`${picked.who}'s whisper to end`);
      whisper = sim.clock.spawn(`${picked.who}'s whisper`, async (w) => {
        picked.attach(w);
        try {
          const end = await sim.interpreter.run(w, picked, { url: resolveUrl(url, docUrl), method: methodOf(winner!.noun), purpose: `${picked.who}'s <Number url> whisper` }, { mode: 'whisper' });
          done.fire(end.kind === 'ended');
        } catch (error) {
          if (!(error instanceof PartyHungUp)) throw error;
          done.fire(false);
        } finally {
          picked.detach(w);
        }
      });
      bridges = await proc.wait(done);
    }
    if (!bridges) {
      // UNCONFIRMED: the DialCallStatus Twilio reports when the whisper hangs up; our e2e tests use `completed`.
      await picked.setStatus('completed');
      sim.transcript.add({ kind: 'leg-ended', who: picked.who, number: picked.to, status: 'completed' });
      return ended(sim, parent, 'completed', picked, false);
    }

    sim.transcript.add({ kind: 'bridged', who: picked.who, with: parent.who });
    const end = await converse(proc, parent, picked, Math.max(0, timeLimit - (proc.now - start)));
    const hungUpBy = end === 'a' ? parent.who : end === 'b' ? picked.who : 'the time limit';
    sim.transcript.add({ kind: 'note', text: `${parent.who} and ${picked.who} talk; ${hungUpBy} ends it` });
    await picked.setStatus('completed');
    if (end === 'b') sim.transcript.add({ kind: 'hangup', who: picked.who, by: 'party', status: 'completed' });
    return ended(sim, parent, 'completed', picked, true, end === 'a');
  } catch (error) {
    if (!(error instanceof PartyHungUp) || error.leg !== parent) throw error;
    // The caller hung up while the numbers rang (or during the whisper): every leg is dropped.
    whisper?.interrupt(new Cancelled(`${parent.who} hung up`));
    for (const leg of legs.filter((l) => l.live)) {
      const status: CallStatus = leg.status === 'in-progress' ? 'completed' : 'canceled';
      await leg.setStatus(status);
      sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: leg.to, status });
    }
    // UNCONFIRMED: `canceled` for a caller who hangs up before anyone answered (our e2e tests use it).
    return ended(sim, parent, winner ? 'completed' : 'canceled', winner?.leg ?? null, false, true);
  }
}

function ended(sim: SimulationContext, parent: Leg, status: DialCallStatus, child: Leg | null, bridged: boolean, callerHungUp = false): DialOutcome {
  const duration = child ? child.duration() : 0;
  sim.transcript.add({ kind: 'dial-ended', who: parent.who, status, duration });
  return { status, childSid: child?.sid ?? null, duration, bridged, callerHungUp };
}
