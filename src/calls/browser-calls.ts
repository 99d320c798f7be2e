import type { AgentRegistry } from '../agents';
import { allowedNumber, NumberNotAllowedError, type OutboundPolicy } from '../phone/outbound-policy';
import type { QueuedDials } from '../softphone/queued-dials';
import type { OriginTicket } from './call-record';
import type { AcceptDecision } from './decision';
import type { CarrierId } from './lifecycle-event';
import type { OutboundCalls } from './outbound-calls';
import { log } from '../logging/masked-log';

export interface BrowserCallsDeps {
  agents: AgentRegistry;
  outbound: OutboundCalls;
  queued: QueuedDials;
  policy: OutboundPolicy;
  now(): Date;
}

export interface BrowserDial {
  /** The browser's call, as the carrier names it. */
  callId: string;
  carrier: CarrierId;
  /** Who the carrier says placed it (the token's identity); null when it names nobody we could read. */
  agentId: string | null;
  /** What the browser dialled. */
  number: string;
  /** The line's number, shown to the customer. */
  callerId: string;
}

/**
 * Calls agents place from the browser softphone, on every carrier: the caller must be an agent,
 * the number allowed (outbound-policy.ts), and the agent free; then the call is an outbound call
 * like click-to-call's, with the same events. A refused call changes nothing and is told why.
 */
export class BrowserCalls {
  constructor(private readonly deps: BrowserCallsDeps) {}

  /** For a carrier whose browser client sends only the number: check it now and hold it for the agent's next call. */
  async queue(agentId: string, number: string, originTicket: OriginTicket | null): Promise<{ number: string }> {
    const allowed = allowedNumber(number, this.deps.policy);
    await this.deps.queued.queue(agentId, { number: allowed, originTicket }, this.deps.now());
    return { number: allowed };
  }

  /** The browser dialled `number` directly (the carrier hands us the number and who dialled it). */
  async place(dial: BrowserDial, originTicket?: OriginTicket): Promise<AcceptDecision> {
    if (!dial.agentId || !(await this.deps.agents.get(dial.agentId))) return refuse(dial, 'you are not signed in as an agent here');
    let customerNumber: string;
    try {
      customerNumber = allowedNumber(dial.number, this.deps.policy);
    } catch (error) {
      if (error instanceof NumberNotAllowedError) return refuse(dial, error.reason);
      throw error;
    }
    const decision = await this.deps.outbound.placedInBrowser({ ...dial, agentId: dial.agentId, customerNumber, originTicket });
    return decision.kind === 'refuse' ? refuse(dial, decision.reason) : decision;
  }

  /** The browser dialled, and we dial what the agent queued before (POST /softphone/call), and only that. */
  async placeQueued(dial: BrowserDial): Promise<AcceptDecision> {
    const queued = dial.agentId ? await this.deps.queued.take(dial.agentId, this.deps.now()) : null;
    if (!queued) return refuse(dial, 'the softphone did not ask for this call first');
    if (queued.number !== dial.number) return refuse(dial, `the softphone asked to call ${queued.number}, not this number`);
    return this.place(dial, queued.originTicket ?? undefined);
  }
}

function refuse(dial: BrowserDial, reason: string): AcceptDecision {
  log.warn(`softphone call ${dial.callId} from ${dial.agentId ?? 'an unknown caller'} to ${JSON.stringify(dial.number)} refused: ${reason}`);
  return { kind: 'refuse', reason };
}
