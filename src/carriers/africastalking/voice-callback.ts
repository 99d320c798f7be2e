import type { CountryCode } from 'libphonenumber-js';
import type { Agent, AgentRegistry } from '../../agents';
import { UnknownCallError, type CallStore } from '../../calls/call-store';
import type { CallRecord } from '../../calls/call-record';
import type { OutboundCalls } from '../../calls/outbound-calls';
import type { BrowserCalls } from '../../calls/browser-calls';
import type { AgentLegs } from '../../calls/agent-legs';
import type { CallEndings } from '../../calls/call-endings';
import type { IncomingCalls } from '../../calls/incoming-calls';
import { AT_PROFILE, atClientNameOf } from './profile';
import { tryE164 } from '../../phone/phone-number';
import { renderAtDecision, renderAtGoodbye, renderAtOutbound, type AtXmlSettings } from './at-xml';
import { outcomeOfHangup } from './hangup-cause';
import type { AtNotification } from './notification';
import { log } from '../../logging/masked-log';

export interface AtCallbackDeps {
  incoming: IncomingCalls;
  legs: AgentLegs;
  endings: CallEndings;
  outbound: OutboundCalls;
  calls: CallStore;
  agents: AgentRegistry;
  browserCalls: BrowserCalls;
  region: CountryCode;
  xml: AtXmlSettings;
}

export class UnknownSessionError extends UnknownCallError {
  constructor(sessionId: string) {
    super(sessionId, `unknown Africa's Talking session ${sessionId}: no call we know of has this id`);
    this.name = 'UnknownSessionError';
  }
}

/**
 * Maps one Africa's Talking notification onto the domain and renders the answer. Africa's
 * Talking has no whisper: whoever picks up first is connected, and we learn who from the
 * dialled destination it reports.
 */
export async function handleAtNotification(n: AtNotification, deps: AtCallbackDeps): Promise<string> {
  const callId = n.sessionId;
  const record = await deps.calls.get(callId);
  if (!record) {
    if (n.active && n.clientDialedNumber) return renderAtOutbound(await placedInBrowser(n, n.clientDialedNumber, deps), deps.xml);
    if (!n.active || n.direction !== 'inbound') throw new UnknownSessionError(callId);
    const from = tryE164(n.callerNumber, deps.region) ?? n.callerNumber;
    const to = tryE164(n.destinationNumber, deps.region) ?? n.destinationNumber ?? deps.xml.phoneNumber;
    const decision = await deps.incoming.incoming({ callId, carrier: AT_PROFILE.id, direction: 'in', from, to });
    return renderAtDecision(decision, deps.xml);
  }
  if (record.carrier !== AT_PROFILE.id) throw new UnknownSessionError(callId);

  const connected = n.dialDestinationNumber && (n.active || (n.dialDurationInSeconds ?? 0) > 0) ? n.dialDestinationNumber : undefined;
  if (connected) {
    if (record.direction === 'out') await deps.outbound.customerAnswered(callId);
    else if (!answeredFrom(record, connected, deps)) await answeredBy(connected, callId, deps);
  }
  if (n.recordingUrl !== undefined && record.direction === 'in') {
    // AT gives a recording's length nowhere; the notice's duration, when there, is the whole call's.
    if (n.recordingUrl) await deps.endings.voicemailRecorded(callId, { url: n.recordingUrl, sid: null, durationSeconds: null, transcribing: false });
    if (n.active) return renderAtGoodbye(n.recordingUrl !== '');
  }
  if (!n.active) {
    const outcome = outcomeOfHangup(n.hangupCause);
    if (!connected && outcome !== 'canceled') await deps.endings.ringUnanswered(callId);
    await deps.endings.callEnded(callId, outcome);
    return '';
  }
  if (record.direction === 'out' && !connected) return renderAtOutbound(await deps.outbound.agentPickedUp(callId, deps.xml.phoneNumber), deps.xml);
  if (connected) return renderAtDecision({ kind: 'hangup' }, deps.xml);
  // A repeated first request: the same decision again.
  return renderAtDecision(await deps.incoming.incoming({ callId, carrier: AT_PROFILE.id, direction: 'in', from: record.from, to: record.to }), deps.xml);
}

/** A browser client dialled: the number its agent queued (POST /softphone/call), from our AT number. */
async function placedInBrowser(n: AtNotification, dialled: string, deps: AtCallbackDeps) {
  const agent = findAgent(await deps.agents.all(), n.callerNumber, deps);
  const number = tryE164(dialled, deps.region) ?? dialled;
  return deps.browserCalls.placeQueued({ callId: n.sessionId, carrier: AT_PROFILE.id, agentId: agent?.id ?? null, number, callerId: deps.xml.phoneNumber });
}

/**
 * AT repeats the dialled destination on every later notice of the call (the final one too); the
 * answer already names who that was, so the agents are not read again (with many agents, pages of them).
 */
function answeredFrom(record: CallRecord, address: string, { region }: AtCallbackDeps): boolean {
  return record.answer !== null && record.answer.agentId !== null && record.answer.number === (tryE164(address, region) ?? address);
}

async function answeredBy(address: string, callId: string, deps: AtCallbackDeps): Promise<void> {
  const agent = findAgent(await deps.agents.all(), address, deps);
  if (agent) await deps.legs.carrierAnswered(callId, agent.id, tryE164(address, deps.region) ?? address);
  else log.error(`Africa's Talking connected call ${callId} to ${address}, which is no agent we know`);
}

/** A dialled destination back to the agent: a number, or a browser client `<app>.<client>`. */
function findAgent(agents: Agent[], address: string, { region, xml }: AtCallbackDeps): Agent | undefined {
  const number = tryE164(address, region);
  if (number) return agents.find((a) => a.phoneNumbers.includes(number));
  const client = address.split('@')[0].replace(new RegExp(`^${xml.username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`), '');
  return agents.find((a) => atClientNameOf(a) === client);
}
