import { clickToCallRequest } from './click-to-call-request';
import { randomBytes } from 'node:crypto';
import { AtCallbacks, atSessionId, callbackSecret, callbackUrl, type AtHangupCause } from './at-callbacks';
import { atBool, atNumber, checkAction, isTerminalRecord, parseAtXml, type AtAction, type AtDocument } from './at-xml';
import { converse, type BridgeEnd } from './bridge';
import { collectKeys } from './keypad';
import type { Carrier } from './carrier';
import type { Proc } from './clock';
import type { SimulationContext } from './context';
import { SimulationError, UnsupportedAtXmlError } from './errors';
import { PartyHungUp, type Leg } from './legs';
import type { Party } from './parties';
import { describe } from './twiml';

/**
 * UNCONFIRMED: how long AT lets a dialled number (or an API call) ring before NO_ANSWER. AT's
 * <Dial> has no timeout attribute; this is the network's usual no-answer timer.
 */
export const AT_RING_SECONDS = 30;
/** GetDigits waits this long for keys by default (AT's docs). */
const GET_DIGITS_TIMEOUT = 30;
/** Record's maxLength and timeout defaults (AT's docs give 3600 s for timeout). */
const RECORD_DEFAULT_SECONDS = 3600;
const MAX_DIAL_DURATION = 4 * 3600;
const CONFERENCE_DEFAULT_SECONDS = 60;

type End = { kind: 'ended' } | { kind: 'reject' } | { kind: 'dialled'; by: BridgeEnd };
type Step = { kind: 'next' } | { kind: 'document'; body: string } | End;

/**
 * Africa's Talking: an inbound call to an AT number whose callback URL is the system's
 * `/africastalking/voice?key=…`, or a click-to-call the system places through AT's Voice API.
 * AT posts its voice callbacks (at-callbacks.ts) and plays the XML dial plans it gets back
 * (at-xml.ts); there is no whisper, so whoever picks up a <Dial> first is connected.
 */
export class AfricasTalkingCarrier implements Carrier {
  readonly name = 'africastalking';
  private readonly ids: string[] = [];
  /** AT queues by name (<Enqueue name>); one simulated call never has another session to dequeue it. */
  readonly queues = new Map<string, Leg[]>();
  private epochMs = Date.now();

  begin(sim: SimulationContext): void {
    this.epochMs = Date.now();
    if (sim.scenario.clickToCall) sim.clock.spawn('AT click-to-call', (proc) => this.clickToCall(sim, proc));
    else sim.clock.spawn('caller', (proc) => this.inbound(sim, proc));
  }

  callIds(): string[] {
    return [...this.ids];
  }

  private async inbound(sim: SimulationContext, proc: Proc): Promise<void> {
    const call = sim.scenario.call!;
    const url = callbackUrl(call.voiceUrl, sim.target.baseUrl, callbackSecret(sim));
    const sessionId = atSessionId();
    this.ids.push(sessionId);
    const leg = sim.newLeg({ sid: sessionId, from: call.from, to: call.to, direction: 'inbound', party: sim.parties.caller(), statusCallback: null, emulated: false });
    sim.transcript.add({ kind: 'call', callSid: sessionId, from: call.from, to: call.to, how: 'inbound', carrier: 'africastalking' });
    const hangUpAfter = sim.scenario.caller.hangUpAfter;
    if (hangUpAfter !== undefined) sim.hangUpTimer(leg, hangUpAfter, `hangUpAfter ${hangUpAfter} s`);
    const callbacks = new AtCallbacks(sim, leg, this.epochMs, { sessionId, direction: 'Inbound', callerNumber: call.from, destinationNumber: call.to, url });
    const session = new AtSession(sim, this, leg, callbacks, call.to);
    leg.attach(proc);
    try {
      await leg.setStatus('ringing');
      await session.run(proc, await callbacks.first());
    } finally {
      leg.detach(proc);
    }
  }

  /** POST /calls/outbound with carrier=africastalking; AT calls the agent, then plays that session. */
  private async clickToCall(sim: SimulationContext, proc: Proc): Promise<void> {
    const { agent, to } = sim.scenario.clickToCall!;
    const api = sim.target.atVoiceApi;
    if (!api) {
      throw new SimulationError(
        `${sim.scenario.source}: Africa's Talking click-to-call needs the simulator to serve AT's Voice API (AT_API_URL), which it only does in-process: run it with --in-process (simulateInProcess starts one)`,
      );
    }
    const secret = callbackSecret(sim);
    const placedBefore = api.calls().length;
    const { url: endpoint, init, what } = clickToCallRequest(sim, 'africastalking');
    const answer = await sim.http.fetch('click-to-call request', endpoint, init);
    if (answer.status !== 201) throw new SimulationError(`POST ${endpoint} (${what}) answered ${answer.status}: ${answer.body}`);
    const { callId } = JSON.parse(answer.body) as { callId: string };
    const placed = api.calls().slice(placedBefore).find((c) => c.sessionId === callId);
    if (!placed) throw new SimulationError(`POST ${endpoint} answered call ${callId}, but no call with that session was placed through AT's Voice API at ${api.url}`);
    this.ids.push(callId);
    sim.transcript.add({ kind: 'call', callSid: callId, from: agent, to, how: 'click-to-call', carrier: 'africastalking' });

    const party = sim.parties.forNumber(placed.to);
    const leg = sim.newLeg({ sid: callId, from: placed.from, to: placed.to, direction: 'outbound-api', party, statusCallback: null, emulated: false });
    const callbacks = new AtCallbacks(sim, leg, this.epochMs, { sessionId: callId, direction: 'Outbound', callerNumber: placed.from, destinationNumber: placed.to, url: callbackUrl(undefined, sim.target.baseUrl, secret) });
    sim.transcript.add({ kind: 'ring', wave: 1, via: 'rest', timeout: AT_RING_SECONDS, targets: [{ who: party.who, number: placed.to, agentId: party.agentId }] });
    leg.attach(proc);
    try {
      await leg.setStatus('queued');
      await leg.setStatus('ringing');
      const plan = party.answerPlan();
      if (plan.kind === 'busy' && plan.after < AT_RING_SECONDS) {
        await proc.sleep(plan.after);
        return await unanswered(sim, leg, callbacks, 'busy', 'USER_BUSY');
      }
      if (plan.kind !== 'answer' || plan.after >= AT_RING_SECONDS) {
        await proc.sleep(AT_RING_SECONDS);
        return await unanswered(sim, leg, callbacks, 'no-answer', 'NO_ANSWER');
      }
      await proc.sleep(plan.after);
      await leg.setStatus('in-progress');
      callbacks.answered = true;
      // No whisper on AT: a personal voicemail is simply connected.
      sim.transcript.add({ kind: 'pickup', who: party.who, number: placed.to, voicemail: plan.voicemail });
      // AT asks for the dial plan once the API call is answered.
      await new AtSession(sim, this, leg, callbacks, placed.from).run(proc, await callbacks.first());
    } finally {
      leg.detach(proc);
    }
  }

  /** A dialled address: an E.164 number, or a browser client `<AT_USERNAME>.<client>`. */
  partyFor(sim: SimulationContext, address: string): Party {
    if (/^\+?[0-9][0-9 ()-]*$/.test(address)) return sim.parties.forNumber(address);
    const username = sim.target.config?.values.AT_USERNAME || sim.scenario.env.AT_USERNAME;
    const client = (username && address.startsWith(`${username}.`) ? address.slice(username.length + 1) : address.slice(address.indexOf('.') + 1)).split('@')[0];
    const agent = sim.parties.agents.find((a) => a.atClientName === client);
    return agent ? sim.parties.forAgentAt(agent.id, address) : sim.parties.forNumber(address);
  }
}

async function unanswered(sim: SimulationContext, leg: Leg, callbacks: AtCallbacks, status: 'busy' | 'no-answer', cause: AtHangupCause): Promise<void> {
  await leg.setStatus(status);
  sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: leg.to, status });
  await callbacks.final(cause);
}

/** One AT session's dial plans played on its leg, from the answer to the first request to the final notice. */
class AtSession {
  /** The session's party hung up while a <Dial> rang: ORIGINATOR_CANCEL. */
  private hungUpWhileRinging = false;
  private recordings = 0;

  constructor(
    private readonly sim: SimulationContext,
    private readonly carrier: AfricasTalkingCarrier,
    private readonly leg: Leg,
    private readonly callbacks: AtCallbacks,
    /** Our AT number: the caller id of a <Dial> without one. */
    private readonly atNumber: string,
  ) {}

  async run(proc: Proc, firstAnswer: string): Promise<void> {
    const { sim, leg, callbacks } = this;
    try {
      const end = await this.play(proc, firstAnswer);
      if (end.kind === 'dialled' && end.by === 'a') throw new PartyHungUp(leg);
      if (end.kind === 'reject') {
        await leg.setStatus('busy');
        sim.transcript.add({ kind: 'hangup', who: leg.who, by: 'reject', status: 'busy' });
        return await callbacks.final('CALL_REJECTED');
      }
      await leg.setStatus('completed');
      sim.transcript.add({ kind: 'hangup', who: leg.who, by: 'end-of-xml', status: 'completed' });
      await callbacks.final('NORMAL_CLEARING');
    } catch (error) {
      if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
      if (!leg.live) return;
      const status = leg.status === 'in-progress' ? 'completed' : 'canceled';
      await leg.setStatus(status);
      sim.transcript.add({ kind: 'hangup', who: leg.who, by: 'party', status });
      await callbacks.final(this.hungUpWhileRinging || status === 'canceled' ? 'ORIGINATOR_CANCEL' : 'NORMAL_CLEARING');
    }
  }

  private async play(proc: Proc, body: string): Promise<End> {
    let doc = parseAtXml(body, this.callbacks.url);
    let first = true;
    for (;;) {
      // AT answers an inbound call with its first dial plan, unless that plan rejects it.
      if (this.leg.status === 'ringing' && doc.actions[0]?.name !== 'Reject') {
        await this.leg.setStatus('in-progress');
        this.callbacks.answered = true;
      }
      const step = await this.document(proc, doc, first);
      first = false;
      if (step.kind !== 'document') return step;
      doc = parseAtXml(step.body, this.callbacks.url);
    }
  }

  private async document(proc: Proc, doc: AtDocument, first: boolean): Promise<Exclude<Step, { kind: 'next' }>> {
    for (const [index, action] of doc.actions.entries()) {
      if (action.name === 'Reject' && !(first && index === 0 && this.leg.status === 'ringing')) {
        throw new UnsupportedAtXmlError(`<Reject/> (from ${doc.url}) is only simulated as the first action of an inbound call's first dial plan (AT: "should be the only element")`);
      }
      if (isTerminalRecord(action) && index !== doc.actions.length - 1) {
        throw new UnsupportedAtXmlError(`<Record/> (from ${doc.url}) is terminal: it records until the call ends, so the actions after it (<${doc.actions[index + 1].name}>) are never played`);
      }
      const step = await this.action(proc, action, doc);
      if (step.kind !== 'next') return step;
    }
    return { kind: 'ended' };
  }

  private async action(proc: Proc, el: AtAction, doc: AtDocument): Promise<Step> {
    const { sim, leg, callbacks } = this;
    switch (el.name) {
      case 'Say':
      case 'Play':
        await this.media(proc, el);
        return { kind: 'next' };
      case 'GetDigits': {
        const digits = await this.getDigits(proc, el);
        // No input: AT moves on to the next action without a request.
        if (digits === null) return { kind: 'next' };
        return { kind: 'document', body: await callbacks.afterInput('dtmfDigits', { dtmfDigits: digits }, el.attrs.callbackUrl) };
      }
      case 'Dial': {
        const end = await this.dial(proc, el, doc);
        // Unanswered: AT goes on to the next action. Picked up: <Dial> is terminal.
        return end === null ? { kind: 'next' } : { kind: 'dialled', by: end };
      }
      case 'Record': {
        if (isTerminalRecord(el)) return this.recordToEnd(proc);
        const url = await this.record(proc, el);
        return { kind: 'document', body: await callbacks.afterInput('recordingUrl', { recordingUrl: url }, el.attrs.callbackUrl) };
      }
      case 'Enqueue':
        return this.enqueue(proc, el);
      case 'Dequeue': {
        const name = el.attrs.name ?? '';
        const waiting = this.carrier.queues.get(name) ?? [];
        if (waiting.length > 0) throw new UnsupportedAtXmlError(`${describe(el)} (from ${doc.url}): taking a waiting caller from a queue is not simulated`);
        sim.transcript.add({ kind: 'note', text: `<Dequeue> from ${el.attrs.phoneNumber}'s queue ${name || '(default)'}: nobody waits there, so AT hangs up` });
        return { kind: 'ended' };
      }
      case 'Redirect':
        return { kind: 'document', body: await callbacks.redirect(el.text) };
      case 'Conference': {
        const talk = Number.isFinite(leg.party.talkSeconds) ? leg.party.talkSeconds : CONFERENCE_DEFAULT_SECONDS;
        sim.transcript.add({ kind: 'note', text: `${leg.who} joins the number's conference (no other call dials in during one simulated call) and stays ${talk} s` });
        await proc.sleep(talk);
        throw new PartyHungUp(leg);
      }
      case 'Reject':
        return { kind: 'reject' };
      default:
        // parseAtXml checked every action; this is a bug in the simulator if reached.
        checkAction(el, doc.url);
        throw new UnsupportedAtXmlError(`<${el.name}> (from ${doc.url}) is not played`);
    }
  }

  /** Say and Play: the party hears it for as long as it lasts. */
  private async media(proc: Proc, el: AtAction): Promise<void> {
    const { timing } = this.sim.scenario;
    if (el.name === 'Say') {
      this.sim.transcript.add({ kind: 'heard', who: this.leg.who, say: el.text });
      await proc.sleep(Math.max(1, Math.ceil(el.text.split(/\s+/).filter(Boolean).length / timing.sayWordsPerSecond)));
      if (atBool(el, 'playBeep', false)) this.sim.transcript.add({ kind: 'heard', who: this.leg.who, play: '(beep)' });
      return;
    }
    this.sim.transcript.add({ kind: 'heard', who: this.leg.who, play: el.attrs.url });
    await proc.sleep(timing.playSeconds);
  }

  /**
   * GetDigits: the prompt plays, then the party's keys (or nothing within `timeout`). Keys stop at
   * numDigits or finishOnKey (not sent); with neither, AT sends the first key.
   */
  private async getDigits(proc: Proc, el: AtAction): Promise<string | null> {
    for (const child of el.children) await this.media(proc, child);
    const timeout = atNumber(el, 'timeout', GET_DIGITS_TIMEOUT);
    const finishOnKey = el.attrs.finishOnKey ?? '';
    // With neither numDigits nor finishOnKey, AT sends the first key.
    const numDigits = el.attrs.numDigits !== undefined ? atNumber(el, 'numDigits', 1) : finishOnKey === '' ? 1 : Infinity;
    return collectKeys(proc, this.sim, this.leg, { timeout, numDigits, finishOnKey });
  }

  /**
   * <Dial phoneNumbers>: every address rings at once (`sequential`: one after another), each for
   * AT_RING_SECONDS; the first to pick up is connected (no whisper) and the others are dropped; AT
   * re-posts with dialDestinationNumber. Returns who ended the conversation, or null when nobody
   * picked up (AT goes on to the next action).
   */
  private async dial(proc: Proc, el: AtAction, doc: AtDocument): Promise<BridgeEnd | null> {
    const { sim, leg, callbacks } = this;
    const addresses = el.attrs.phoneNumbers.split(',').map((s) => s.trim()).filter(Boolean);
    if (addresses.length === 0) throw new UnsupportedAtXmlError(`${describe(el)} (from ${doc.url}) dials nothing`);
    const maxDuration = atNumber(el, 'maxDuration', MAX_DIAL_DURATION);
    const callerId = el.attrs.callerId ?? this.atNumber;
    const groups = atBool(el, 'sequential', false) ? addresses.map((a) => [a]) : [addresses];
    let allBusy = true;
    for (const group of groups) {
      const picked = await this.ring(proc, group, callerId);
      if (picked === 'busy') continue;
      if (picked === null) {
        allBusy = false;
        continue;
      }
      callbacks.connected = { destination: picked.address, at: proc.now, leg: picked.leg };
      const answer = await callbacks.dialAnswered(picked.address);
      const plan = answer.trim() === '' ? null : parseAtXml(answer, callbacks.url);
      if (plan && plan.actions.length > 0) {
        throw new UnsupportedAtXmlError(`the answer to the dialled-party-answered request (${callbacks.url}) has actions (${plan.actions.map((a) => `<${a.name}>`).join('')}); what AT does with them during a connected <Dial> is not simulated`);
      }
      sim.transcript.add({ kind: 'bridged', who: picked.leg.who, with: leg.who });
      if (atBool(el, 'record', false)) {
        callbacks.recordingUrl = this.recordingUrl();
        sim.transcript.add({ kind: 'note', text: `the conversation is recorded (<Dial record="true">): ${callbacks.recordingUrl}, sent with the final notice` });
      }
      // maxDuration: how long the dialled call may last once connected.
      const end = await converse(proc, leg, picked.leg, maxDuration);
      const by = end === 'a' ? leg.who : end === 'b' ? picked.leg.who : 'maxDuration';
      sim.transcript.add({ kind: 'note', text: `${leg.who} and ${picked.leg.who} talk; ${by} ends it` });
      await picked.leg.setStatus('completed');
      if (end === 'b') sim.transcript.add({ kind: 'hangup', who: picked.leg.who, by: 'party', status: 'completed' });
      sim.transcript.add({ kind: 'dial-ended', who: leg.who, status: 'completed', duration: picked.leg.duration() });
      return end;
    }
    sim.transcript.add({ kind: 'dial-ended', who: leg.who, status: allBusy ? 'busy' : 'no-answer', duration: 0 });
    return null;
  }

  /** One wave of a <Dial>: the picked-up leg, `busy` when every phone was busy, null for no answer. */
  private async ring(proc: Proc, addresses: string[], callerId: string): Promise<{ leg: Leg; address: string } | 'busy' | null> {
    const { sim, leg: parent } = this;
    const legs = addresses.map((address) => ({
      address,
      leg: sim.newLeg({ sid: atSessionId(), from: callerId, to: address, direction: 'outbound-dial', parentCallSid: parent.sid, party: this.carrier.partyFor(sim, address), statusCallback: null, emulated: false }),
    }));
    parent.dials += 1;
    sim.transcript.add({ kind: 'ring', wave: parent.dials, via: 'dial', timeout: AT_RING_SECONDS, targets: legs.map(({ leg, address }) => ({ who: leg.who, number: address, agentId: leg.party.agentId })) });
    const start = proc.now;
    try {
      for (const { leg } of legs) await leg.setStatus('queued');
      for (const { leg } of legs) await leg.setStatus('ringing');
      const moments = legs
        .map((entry, index) => ({ ...entry, index, plan: entry.leg.party.answerPlan() }))
        .flatMap((m) => (m.plan.kind === 'never' || m.plan.after >= AT_RING_SECONDS ? [] : [{ ...m, at: m.plan.after }]))
        .sort((x, y) => x.at - y.at || x.index - y.index);
      for (const moment of moments) {
        await proc.sleep(Math.max(0, start + moment.at - proc.now));
        if (moment.plan.kind === 'busy') {
          await moment.leg.setStatus('busy');
          sim.transcript.add({ kind: 'leg-ended', who: moment.leg.who, number: moment.address, status: 'busy' });
          if (legs.every(({ leg }) => !leg.live)) return 'busy';
          continue;
        }
        const voicemail = moment.plan.kind === 'answer' && moment.plan.voicemail;
        // AT has no whisper: a personal voicemail that answers is connected like a person.
        sim.transcript.add({ kind: 'pickup', who: moment.leg.who, number: moment.address, voicemail });
        for (const other of legs.filter((l) => l !== moment && l.leg !== moment.leg && l.leg.live)) {
          await other.leg.setStatus('canceled');
          sim.transcript.add({ kind: 'leg-ended', who: other.leg.who, number: other.address, status: 'canceled' });
        }
        await moment.leg.setStatus('in-progress');
        return { leg: moment.leg, address: moment.address };
      }
      await proc.sleep(Math.max(0, start + AT_RING_SECONDS - proc.now));
      for (const { leg, address } of legs.filter((l) => l.leg.live)) {
        await leg.setStatus('no-answer');
        sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: address, status: 'no-answer' });
      }
      return null;
    } catch (error) {
      if (!(error instanceof PartyHungUp) || error.leg !== parent) throw error;
      this.hungUpWhileRinging = true;
      for (const { leg, address } of legs.filter((l) => l.leg.live)) {
        await leg.setStatus('canceled');
        sim.transcript.add({ kind: 'leg-ended', who: leg.who, number: address, status: 'canceled' });
      }
      sim.transcript.add({ kind: 'dial-ended', who: parent.who, status: 'canceled', duration: 0 });
      throw error;
    }
  }

  /**
   * A partial <Record>: the prompt, the beep, then the party speaks (`leaveVoicemail`) until the
   * finish key, silence (`timeout`), `maxLength`, or a hang-up. Returns the recording's URL (empty
   * when nothing was said, as AT sends it); a hang-up takes the URL to the final notice instead.
   */
  private async record(proc: Proc, el: AtAction): Promise<string> {
    const { sim, leg } = this;
    for (const child of el.children) await this.media(proc, child);
    if (atBool(el, 'playBeep', false)) sim.transcript.add({ kind: 'heard', who: leg.who, play: '(beep)' });
    const finishOnKey = el.attrs.finishOnKey ?? '';
    const maxLength = atNumber(el, 'maxLength', RECORD_DEFAULT_SECONDS);
    const timeout = atNumber(el, 'timeout', RECORD_DEFAULT_SECONDS);
    const trim = atBool(el, 'trimSilence', false);
    const plan = leg.party.behaviour.leaveVoicemail;
    const speaks = plan ? Math.min(plan.seconds, maxLength) : 0;
    const started = proc.now;
    let hungUp = false;
    try {
      if (speaks === 0) {
        await proc.sleep(Math.min(timeout, maxLength));
      } else {
        await proc.sleep(speaks);
        if (speaks < maxLength) {
          if (plan?.end === 'hangup') hungUp = true;
          else if (plan?.end === 'key' && finishOnKey !== '') sim.transcript.add({ kind: 'pressed', who: leg.who, digits: finishOnKey[0] });
          else await proc.sleep(Math.min(timeout, maxLength - speaks));
        }
      }
    } catch (error) {
      if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
      hungUp = true;
    }
    const spoken = Math.min(speaks, proc.now - started);
    const url = spoken > 0 ? this.recordingUrl() : '';
    this.recorded(spoken > 0 ? Math.round(trim ? spoken : proc.now - started) : 0, url);
    if (hungUp) {
      // UNCONFIRMED: a recording cut short by a hang-up is reported with the final notice.
      if (url) this.callbacks.recordingUrl = url;
      throw new PartyHungUp(leg);
    }
    return url;
  }

  /** A terminal <Record/>: the rest of the call is recorded; the party speaks, then hangs up. */
  private async recordToEnd(proc: Proc): Promise<never> {
    const { leg } = this;
    const seconds = leg.party.behaviour.leaveVoicemail?.seconds ?? 0;
    const started = proc.now;
    try {
      await proc.sleep(seconds);
    } catch (error) {
      if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
    }
    const spoken = Math.round(proc.now - started);
    const url = spoken > 0 ? this.recordingUrl() : '';
    this.recorded(spoken, url);
    // The URL comes with the final notice; empty when nothing was recorded (AT's docs).
    this.callbacks.recordingUrl = url;
    throw new PartyHungUp(leg);
  }

  private recorded(seconds: number, url: string): void {
    const plan = this.leg.party.behaviour.leaveVoicemail;
    this.sim.transcript.add({ kind: 'recorded', who: this.leg.who, seconds, recordingUrl: url || null, transcript: null });
    if (plan?.transcript !== undefined && seconds > 0) this.sim.transcript.add({ kind: 'note', text: "Africa's Talking does not transcribe recordings: leaveVoicemail.transcript is not used" });
  }

  /**
   * <Enqueue>: the caller waits in the named queue with the hold music. Within one simulated call
   * no other session can <Dequeue> them, so they wait `queueWait` (or until `hangUpAfter`).
   */
  private async enqueue(proc: Proc, el: AtAction): Promise<never> {
    const { sim, leg } = this;
    const name = el.attrs.name ?? '';
    const queueWait = leg.party.behaviour.queueWait;
    if (queueWait === undefined && leg.party.behaviour.hangUpAfter === undefined) {
      throw new SimulationError(`${describe(el)}: ${leg.who} would wait in AT queue ${name || '(default)'} forever (no other call can dequeue them in one simulated call); give the ${leg.who} queueWait or hangUpAfter`);
    }
    const waiting = this.carrier.queues.get(name) ?? [];
    waiting.push(leg);
    this.carrier.queues.set(name, waiting);
    sim.transcript.add({ kind: 'queued', who: leg.who, queue: name || '(default)', position: waiting.length });
    if (el.attrs.holdMusic) sim.transcript.add({ kind: 'heard', who: leg.who, play: el.attrs.holdMusic });
    try {
      await proc.sleep(queueWait ?? MAX_DIAL_DURATION);
      sim.transcript.add({ kind: 'note', text: `${leg.who} gives up: queueWait ${queueWait} s` });
    } catch (error) {
      if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
    } finally {
      waiting.splice(waiting.indexOf(leg), 1);
    }
    sim.transcript.add({ kind: 'left-queue', who: leg.who, queue: name || '(default)', result: 'hangup' });
    throw new PartyHungUp(leg);
  }

  /** UNCONFIRMED: the form of AT's recording URLs (the e2e tests use this one). */
  private recordingUrl(): string {
    this.recordings += 1;
    return `https://voice.africastalking.com/recordings/${this.callbacks.sessionId}-${this.recordings}-${randomBytes(4).toString('hex')}.mp3`;
  }
}
