import type { CallStatus } from '../voice-api-emulator';
import type { RestCall } from './calls-api';
import type { Carrier } from './carrier';
import type { Proc } from './clock';
import type { SimulationContext } from './context';
import { SimulationError } from './errors';
import { PartyHungUp, type Leg } from './legs';
import { loadFlow } from './studio/flow';
import { StudioExecutor } from './studio/executor';
import type { DocumentEnd } from './twilio-interpreter';
import { parseTwiml } from './twiml';
import { resolveUrl } from './webhooks';
import { clickToCallRequest } from './click-to-call-request';

/**
 * Twilio: an inbound call to a number whose Voice URL is TwiML or a Studio flow, or a
 * click-to-call placed through the dashboard API; plus every call the product places over REST.
 */
export class TwilioCarrier implements Carrier {
  readonly name = 'twilio';
  private readonly ids: string[] = [];
  private restOffers = 0;

  begin(sim: SimulationContext): void {
    sim.onRestCall((call) => this.restCall(sim, call));
    if (sim.scenario.clickToCall) sim.clock.spawn('click-to-call', () => this.clickToCall(sim));
    else if (sim.scenario.browserCall) sim.clock.spawn('browser', (proc) => this.browserCall(sim, proc));
    else sim.clock.spawn('caller', (proc) => this.inbound(sim, proc));
  }

  callIds(): string[] {
    return [...this.ids];
  }

  private async inbound(sim: SimulationContext, proc: Proc): Promise<void> {
    const call = sim.scenario.call!;
    // Parsed before anything rings, so a broken flow fails without placing a call.
    const flow = call.studio ? loadFlow(call.studio.flow, { baseDir: sim.scenario.baseDir, source: sim.scenario.source, placeholders: call.studio.placeholders }) : null;
    const statusCallback = call.statusCallback === undefined ? (flow ? null : '/voice/status') : call.statusCallback;
    const sid = await sim.target.calls.registerInbound(call.from, call.to);
    this.ids.push(sid);
    const leg = sim.newLeg({
      sid,
      from: call.from,
      to: call.to,
      direction: 'inbound',
      party: sim.parties.caller(),
      statusCallback: statusCallback ? { url: resolveUrl(statusCallback, sim.target.baseUrl), method: 'POST', events: new Set(call.statusCallbackEvents) } : null,
      emulated: true,
    });
    sim.transcript.add({ kind: 'call', callSid: sid, from: call.from, to: call.to, how: flow ? 'studio' : 'inbound', carrier: 'twilio' });
    const hangUpAfter = sim.scenario.caller.hangUpAfter;
    if (hangUpAfter !== undefined) sim.hangUpTimer(leg, hangUpAfter, `hangUpAfter ${hangUpAfter} s`);
    await playLeg(sim, proc, leg, async () => {
      await leg.setStatus('ringing');
      if (flow) {
        await leg.setStatus('in-progress');
        await new StudioExecutor(sim, flow).run(proc, leg);
        await finish(sim, leg, { kind: 'ended' }, 'studio');
      } else {
        const end = await sim.interpreter.run(
          proc,
          leg,
          { url: resolveUrl(call.voiceUrl ?? '/voice/incoming', sim.target.baseUrl), method: call.voiceMethod, purpose: "the number's Voice URL" },
          {
            mode: 'call',
            // Twilio answers with the first document, unless it rejects the call unanswered.
            onDocument: async (doc) => {
              if (leg.status === 'ringing' && doc.verbs[0]?.name !== 'Reject') await leg.setStatus('in-progress');
            },
          },
        );
        await finish(sim, leg, end);
      }
    });
  }

  private async clickToCall(sim: SimulationContext): Promise<void> {
    const { agent, to } = sim.scenario.clickToCall!;
    const { url, init, what } = clickToCallRequest(sim, 'twilio');
    const answer = await sim.http.fetch('click-to-call request', url, init);
    if (answer.status !== 201) throw new SimulationError(`POST ${url} (${what}) answered ${answer.status}: ${answer.body}`);
    const { callId } = JSON.parse(answer.body) as { callId: string };
    this.ids.push(callId);
    sim.transcript.add({ kind: 'call', callSid: callId, from: agent, to, how: 'click-to-call', carrier: 'twilio' });
  }

  /**
   * The agent dials from the browser: Twilio creates the browser's call (From client:<identity>)
   * and asks the TwiML App's Voice URL with the params the softphone passed to connect.
   */
  private async browserCall(sim: SimulationContext, proc: Proc): Promise<void> {
    const call = sim.scenario.browserCall!;
    const from = `client:${call.agent}`;
    const sid = await sim.target.calls.registerInbound(from, call.to);
    this.ids.push(sid);
    const leg = sim.newLeg({ sid, from, to: call.to, direction: 'inbound', party: sim.parties.browserCaller(call.agent, call.talkSeconds), statusCallback: null, emulated: true });
    sim.transcript.add({ kind: 'call', callSid: sid, from, to: call.to, how: 'browser', carrier: 'twilio' });
    await playLeg(sim, proc, leg, async () => {
      await leg.setStatus('in-progress');
      const extra: Record<string, string> = call.ticket === undefined ? {} : { ticketId: String(call.ticket) };
      const end = await sim.interpreter.run(proc, leg, { url: resolveUrl(call.voiceUrl, sim.target.baseUrl), method: 'POST', purpose: "the TwiML App's Voice URL", params: extra }, { mode: 'call' });
      await finish(sim, leg, end);
    });
  }

  /** A call the product placed over REST rings the number it names, then plays its Url. */
  private restCall(sim: SimulationContext, call: RestCall): void {
    const party = sim.parties.forNumber(call.to);
    const leg = sim.newLeg({
      sid: call.sid,
      from: call.from,
      to: call.to,
      direction: 'outbound-api',
      party,
      statusCallback: call.statusCallback ? { url: call.statusCallback, method: call.statusCallbackMethod, events: new Set(call.statusCallbackEvents) } : null,
      emulated: true,
    });
    sim.clock.spawn(`${party.who}'s phone (REST call ${call.sid})`, async (proc) => {
      // Written once the request that placed the call is done, so it follows what caused it.
      this.restOffers += 1;
      sim.transcript.add({ kind: 'ring', wave: this.restOffers, via: 'rest', timeout: call.timeout, targets: [{ who: party.who, number: call.to, agentId: party.agentId }] });
      await playLeg(sim, proc, leg, async () => {
        if (call.startDelaySeconds > 0) await proc.sleep(call.startDelaySeconds);
        await leg.setStatus('queued');
        await leg.setStatus('ringing');
        const plan = party.answerPlan();
        if (plan.kind === 'busy' && plan.after < call.timeout) {
          await proc.sleep(plan.after);
          return await ring(sim, leg, 'busy');
        }
        if (plan.kind !== 'answer' || plan.after >= call.timeout) {
          await proc.sleep(call.timeout);
          return await ring(sim, leg, 'no-answer');
        }
        await proc.sleep(plan.after);
        await leg.setStatus('in-progress');
        sim.transcript.add({ kind: 'pickup', who: party.who, number: call.to, voicemail: plan.voicemail });
        const start = call.url
          ? { url: call.url, method: call.method, purpose: `${party.who}'s REST call Url` }
          : parseTwiml(call.twiml ?? '<Response/>', sim.target.baseUrl);
        const end = await sim.interpreter.run(proc, leg, start, { mode: 'call' });
        await finish(sim, leg, end);
      });
    });
  }
}

/** Plays `play` on the leg's process; the leg's own party hanging up ends the call as Twilio records it. */
async function playLeg(sim: SimulationContext, proc: Proc, leg: Leg, play: () => Promise<void>): Promise<void> {
  leg.attach(proc);
  try {
    await play();
  } catch (error) {
    if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
    await hungUp(sim, leg);
  } finally {
    leg.detach(proc);
  }
}

async function ring(sim: SimulationContext, leg: Leg, status: CallStatus): Promise<void> {
  await leg.setStatus(status);
  sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: leg.to, status });
}

/** The TwiML (or flow) ended the call. */
async function finish(sim: SimulationContext, leg: Leg, end: DocumentEnd, by: 'studio' | null = null): Promise<void> {
  if (!leg.live) return;
  if (end.kind === 'reject') {
    // <Reject>: busy for reason="busy", no-answer for "rejected" (Twilio's <Reject> docs).
    const status: CallStatus = leg.status === 'in-progress' ? 'completed' : end.reason === 'busy' ? 'busy' : 'no-answer';
    await leg.setStatus(status);
    sim.transcript.add({ kind: 'hangup', who: leg.who, by: 'reject', status });
    return;
  }
  if (end.kind === 'leave' || end.kind === 'returned') throw new SimulationError(`${leg.who}'s call ended on ${end.kind}, which only a queue or a Studio flow can handle`);
  const status: CallStatus = leg.status === 'in-progress' ? 'completed' : 'canceled';
  await leg.setStatus(status);
  sim.transcript.add({ kind: 'hangup', who: leg.who, by: by ?? (end.kind === 'hangup' ? 'twiml' : 'end-of-twiml'), status });
}

async function hungUp(sim: SimulationContext, leg: Leg): Promise<void> {
  if (!leg.live) return;
  const status: CallStatus = leg.status === 'in-progress' ? 'completed' : 'canceled';
  await leg.setStatus(status);
  sim.transcript.add({ kind: 'hangup', who: leg.who, by: 'party', status });
}
