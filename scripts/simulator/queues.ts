import { randomBytes } from 'node:crypto';
import { converse } from './bridge';
import { Cancelled, Signal, type Proc } from './clock';
import type { SimulationContext } from './context';
import type { DialOutcome } from './dial';
import { UnsupportedTwimlError } from './errors';
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
  enqueuedAt: number;
  end: Signal<WaitEnd>;
}

interface Queue {
  sid: string;
  name: string;
  maxSize: number;
  members: Member[];
}

export interface EnqueueOutcome {
  params: Record<string, string>;
  callerHungUp: boolean;
}

/** Twilio's queues as the calls in this simulation see them (mirrored into the Calls API emulator). */
export class Queues {
  private readonly queues = new Map<string, Queue>();

  named(name: string, maxSize = DEFAULT_MAX_SIZE): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = { sid: 'QU' + randomBytes(16).toString('hex'), name, maxSize, members: [] };
      this.queues.set(name, queue);
    }
    return queue;
  }

  find(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  /** Is any caller waiting? (Then the product's offer pacing, on its wall clock, matters.) */
  anyWaiting(): boolean {
    return [...this.queues.values()].some((q) => q.members.length > 0);
  }
}

function queueFigures(queue: Queue, member: Member, now: number): Record<string, string> {
  const waits = queue.members.map((m) => now - m.enqueuedAt);
  const average = waits.length ? Math.floor(waits.reduce((a, b) => a + b, 0) / waits.length) : 0;
  return {
    QueueSid: queue.sid,
    QueuePosition: String(queue.members.indexOf(member) + 1),
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
  const queue = sim.queues.named(el.text, attrNumber(el, 'maxQueueSize', DEFAULT_MAX_SIZE));
  const started = proc.now;
  const result = (QueueResult: string, extra: Record<string, string> = {}) => ({ QueueResult, QueueSid: queue.sid, QueueTime: String(Math.floor(proc.now - started)), ...extra });
  if (queue.members.length >= queue.maxSize) {
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: queue.name, result: 'queue-full' });
    return { params: result('queue-full'), callerHungUp: false };
  }
  const member: Member = { leg, enqueuedAt: proc.now, end: new Signal(`${leg.who} to leave queue ${queue.name}`) };
  queue.members.push(member);
  await sim.target.calls.enqueue(queue.name, leg.sid);
  sim.transcript.add({ kind: 'queued', who: leg.who, queue: queue.name, position: queue.members.length });
  const leave = async () => {
    queue.members = queue.members.filter((m) => m !== member);
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
          { mode: 'wait', extraParams: () => queueFigures(queue, member, w.now) },
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
      sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: queue.name, result: 'leave' });
      return { params: result('leave'), callerHungUp: false };
    }
    if (end.kind === 'hangup') {
      // UNCONFIRMED: the QueueResult when the wait TwiML itself hangs up.
      sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: queue.name, result: 'hangup' });
      return { params: result('hangup'), callerHungUp: true };
    }
    sim.transcript.add({ kind: 'dequeued', who: leg.who, queue: queue.name, by: end.by.who });
    const queueTime = String(Math.floor(proc.now - started));
    if (end.url) {
      try {
        await sim.interpreter.run(proc, leg, { url: end.url, method: end.method, params: { QueueSid: queue.sid, QueueTime: queueTime, DequeingCallSid: end.by.sid }, purpose: `${leg.who}'s <Queue url>` }, { mode: 'queue-url' });
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
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: queue.name, result: 'bridged' });
    return { params: result('bridged', { QueueTime: queueTime }), callerHungUp: by === 'caller' };
  } catch (error) {
    if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
    music.interrupt(new Cancelled('caller hung up'));
    patience?.interrupt(new Cancelled('caller hung up'));
    await leave();
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: queue.name, result: 'hangup' });
    return { params: result('hangup'), callerHungUp: true };
  }
}

/**
 * <Dial><Queue>name</Queue></Dial> on an agent's call: takes the caller at the front, runs the
 * <Queue url> TwiML on the caller's leg, then bridges them until one hangs up.
 */
export async function dialQueue(sim: SimulationContext, proc: Proc, agent: Leg, dial: TwimlElement, noun: TwimlElement, docUrl: string): Promise<DialOutcome> {
  const queue = sim.queues.find(noun.text);
  const front = queue?.members[0];
  agent.dials += 1;
  if (!queue || !front) {
    // UNCONFIRMED: what Twilio reports for <Dial><Queue> on an empty queue.
    sim.transcript.add({ kind: 'note', text: `${agent.who} dials queue ${noun.text}, which is empty` });
    sim.transcript.add({ kind: 'dial-ended', who: agent.who, status: 'failed', duration: 0 });
    return { status: 'failed', childSid: null, duration: 0, bridged: false, callerHungUp: false };
  }
  queue.members.shift();
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
