import { converse } from './bridge';
import { Cancelled, Signal, type Proc } from './clock';
import type { SimulationContext } from './context';
import type { DialOutcome } from './dial';
import { SimulationError, UnsupportedTwimlError } from './errors';
import { PartyHungUp, type Leg } from './legs';
import { attrNumber, methodOf } from './twilio-interpreter';
import { describe, type TwimlElement } from './twiml';
import { resolveUrl } from './webhooks';

const DEFAULT_MAX_SIZE = 1000;
/** With no waitUrl Twilio plays its hold music; the simulator just lets time pass in these steps. */
const HOLD_MUSIC_SECONDS = 30;

/** What ends a caller's wait: an agent takes them, <Leave>, or <Hangup> in the wait music. */
type WaitEnd = { kind: 'dequeued'; by: Leg; url: string | null; method: string; ready: Signal<boolean>; done: Signal<'caller' | 'agent'> } | { kind: 'leave' } | { kind: 'hangup' };

interface Member {
  leg: Leg;
  /** On the simulation's clock, which the emulator's own timestamps do not follow. */
  enqueuedAt: number;
  end: Signal<WaitEnd>;
}

export interface EnqueueOutcome {
  params: Record<string, string>;
  callerHungUp: boolean;
}

/**
 * The callers this simulation has waiting. Which queue holds whom, in what order, is the Calls API
 * emulator's (the store the product's REST requests read), so there is one queue model; this keeps
 * only what the emulator cannot: each wait on the virtual clock and the signal that ends it.
 */
export class Queues {
  private readonly waiting = new Map<string, Member>();

  join(member: Member): void {
    this.waiting.set(member.leg.sid, member);
  }

  leave(callSid: string): void {
    this.waiting.delete(callSid);
  }

  member(callSid: string): Member | undefined {
    return this.waiting.get(callSid);
  }

  /** Is any caller waiting? (Then the product's offer pacing, on its wall clock, matters.) */
  anyWaiting(): boolean {
    return this.waiting.size > 0;
  }
}

/** The parameters of a waitUrl request, from the queue as the emulator holds it now. */
async function queueFigures(sim: SimulationContext, name: string, member: Member, now: number): Promise<Record<string, string>> {
  const queue = await sim.target.calls.queue(name);
  if (!queue) throw new SimulationError(`queue ${name} is gone from ${sim.target.calls.description} while ${member.leg.who} waits in it`);
  const waits = queue.members.map((m) => now - (sim.queues.member(m.callSid)?.enqueuedAt ?? now));
  const average = waits.length ? Math.floor(waits.reduce((a, b) => a + b, 0) / waits.length) : 0;
  return {
    QueueSid: queue.sid,
    QueuePosition: String(queue.members.findIndex((m) => m.callSid === member.leg.sid) + 1),
    QueueTime: String(Math.floor(now - member.enqueuedAt)),
    AvgQueueTime: String(average),
    CurrentQueueSize: String(queue.members.length),
    MaxQueueSize: String(queue.maxSize),
  };
}

/**
 * <Enqueue>: the caller waits in the named queue, hearing the waitUrl TwiML over and over (each
 * request with position and wait), until an agent's <Dial><Queue> takes them, the wait TwiML
 * says <Leave> or <Hangup>, or the caller gives up (`queueWait`). Then the action gets QueueResult.
 */
export async function enqueue(sim: SimulationContext, proc: Proc, leg: Leg, el: TwimlElement, docUrl: string): Promise<EnqueueOutcome> {
  if (!el.text) throw new UnsupportedTwimlError(`${describe(el)} (from ${docUrl}) names no queue`);
  const name = el.text;
  const started = proc.now;
  const joined = await sim.target.calls.enqueue(name, leg.sid, attrNumber(el, 'maxQueueSize', DEFAULT_MAX_SIZE));
  const queueSid = joined === 'full' ? ((await sim.target.calls.queue(name))?.sid ?? '') : joined.sid;
  const result = (QueueResult: string, extra: Record<string, string> = {}) => ({ QueueResult, QueueSid: queueSid, QueueTime: String(Math.floor(proc.now - started)), ...extra });
  if (joined === 'full') {
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: name, result: 'queue-full' });
    return { params: result('queue-full'), callerHungUp: false };
  }
  const member: Member = { leg, enqueuedAt: proc.now, end: new Signal(`${leg.who} to leave queue ${name}`) };
  sim.queues.join(member);
  sim.transcript.add({ kind: 'queued', who: leg.who, queue: name, position: joined.members.length });
  const leave = async () => {
    sim.queues.leave(leg.sid);
    await sim.target.calls.leaveQueue(leg.sid);
  };
  const gaveUp = leg.party.behaviour.queueWait;
  const patience = gaveUp === undefined ? null : sim.hangUpTimer(leg, gaveUp, 'waited long enough in the queue');

  const waitUrl = el.attrs.waitUrl ? resolveUrl(el.attrs.waitUrl, docUrl) : null;
  const music = sim.clock.spawn(`${leg.who}'s wait music`, async (w) => {
    leg.attach(w);
    try {
      for (;;) {
        if (!waitUrl) {
          await w.sleep(HOLD_MUSIC_SECONDS);
          continue;
        }
        const end = await sim.interpreter.run(
          w,
          leg,
          { url: waitUrl, method: (el.attrs.waitUrlMethod ?? 'POST').toUpperCase(), purpose: `${leg.who}'s <Enqueue waitUrl>` },
          { mode: 'wait', extraParams: () => queueFigures(sim, name, member, w.now) },
        );
        if (end.kind === 'leave') return member.end.fire({ kind: 'leave' });
        if (end.kind === 'hangup') return member.end.fire({ kind: 'hangup' });
        // The document ran out: Twilio requests the waitUrl again.
      }
    } catch (error) {
      if (!(error instanceof PartyHungUp)) throw error;
    } finally {
      leg.detach(w);
    }
  });

  try {
    const end = await proc.wait(member.end);
    music.interrupt(new Cancelled('left the queue'));
    patience?.interrupt(new Cancelled('left the queue'));
    await leave();
    if (end.kind === 'leave') {
      sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: name, result: 'leave' });
      return { params: result('leave'), callerHungUp: false };
    }
    if (end.kind === 'hangup') {
      // UNCONFIRMED: the QueueResult when the wait TwiML itself hangs up.
      sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: name, result: 'hangup' });
      return { params: result('hangup'), callerHungUp: true };
    }
    sim.transcript.add({ kind: 'dequeued', who: leg.who, queue: name, by: end.by.who });
    const queueTime = String(Math.floor(proc.now - started));
    if (end.url) {
      try {
        await sim.interpreter.run(proc, leg, { url: end.url, method: end.method, params: { QueueSid: queueSid, QueueTime: queueTime, DequeingCallSid: end.by.sid }, purpose: `${leg.who}'s <Queue url>` }, { mode: 'queue-url' });
      } catch (error) {
        if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
        end.ready.fire(false);
        return { params: result('hangup'), callerHungUp: true };
      }
    }
    end.ready.fire(true);
    // The agent's side owns the conversation; this side learns who ended it.
    leg.detach(proc);
    const by = await proc.wait(end.done);
    leg.attach(proc);
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: name, result: 'bridged' });
    return { params: result('bridged', { QueueTime: queueTime }), callerHungUp: by === 'caller' };
  } catch (error) {
    if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
    music.interrupt(new Cancelled('caller hung up'));
    patience?.interrupt(new Cancelled('caller hung up'));
    await leave();
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: name, result: 'hangup' });
    return { params: result('hangup'), callerHungUp: true };
  }
}

/**
 * <Dial><Queue>name</Queue></Dial> on an agent's call: takes the caller at the front, runs the
 * <Queue url> TwiML on the caller's leg, then bridges them until one hangs up.
 */
export async function dialQueue(sim: SimulationContext, proc: Proc, agent: Leg, dial: TwimlElement, noun: TwimlElement, docUrl: string): Promise<DialOutcome> {
  const queue = await sim.target.calls.queue(noun.text);
  const front = queue && queue.members.length > 0 ? sim.queues.member(queue.members[0]!.callSid) : undefined;
  agent.dials += 1;
  if (!front) {
    // UNCONFIRMED: what Twilio reports for <Dial><Queue> on an empty queue.
    sim.transcript.add({ kind: 'note', text: `${agent.who} dials queue ${noun.text}, which is empty` });
    sim.transcript.add({ kind: 'dial-ended', who: agent.who, status: 'failed', duration: 0 });
    return { status: 'failed', childSid: null, duration: 0, bridged: false, callerHungUp: false };
  }
  // Out of the queue now, before another agent's <Dial><Queue> can take the same caller.
  sim.queues.leave(front.leg.sid);
  await sim.target.calls.leaveQueue(front.leg.sid);
  const caller = front.leg;
  const ready = new Signal<boolean>(`${caller.who} to be handed over`);
  const done = new Signal<'caller' | 'agent'>(`${caller.who} and ${agent.who} to finish talking`);
  front.end.fire({ kind: 'dequeued', by: agent, url: noun.attrs.url ? resolveUrl(noun.attrs.url, docUrl) : null, method: methodOf(noun), ready, done });
  const start = proc.now;
  let talking = false;
  try {
    if (!(await proc.wait(ready))) {
      sim.transcript.add({ kind: 'dial-ended', who: agent.who, status: 'completed', duration: 0 });
      return { status: 'completed', childSid: caller.sid, duration: 0, bridged: false, callerHungUp: false };
    }
    talking = true;
    sim.transcript.add({ kind: 'bridged', who: agent.who, with: caller.who });
    const end = await converse(proc, agent, caller, Math.max(0, attrNumber(dial, 'timeLimit', 4 * 3600) - (proc.now - start)));
    const hungUpBy = end === 'a' ? agent.who : end === 'b' ? caller.who : 'the time limit';
    sim.transcript.add({ kind: 'note', text: `${caller.who} and ${agent.who} talk; ${hungUpBy} ends it` });
    done.fire(end === 'b' ? 'caller' : 'agent');
    const duration = Math.round(proc.now - start);
    sim.transcript.add({ kind: 'dial-ended', who: agent.who, status: 'completed', duration });
    return { status: 'completed', childSid: caller.sid, duration, bridged: true, callerHungUp: end === 'a' };
  } catch (error) {
    if (!(error instanceof PartyHungUp) || error.leg !== agent) throw error;
    // The agent hung up before the caller was handed over: the caller is left talking to nobody.
    if (!talking) done.fire('agent');
    sim.transcript.add({ kind: 'dial-ended', who: agent.who, status: 'completed', duration: Math.round(proc.now - start) });
    return { status: 'completed', childSid: caller.sid, duration: Math.round(proc.now - start), bridged: talking, callerHungUp: true };
  }
}
