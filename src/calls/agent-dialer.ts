import type { CarrierId } from './lifecycle-event';

/** One outgoing call to an agent's phone that will ask them to accept. */
export interface AgentOffer {
  purpose: 'queue' | 'outbound';
  agentId: string;
  /** The agent's number. */
  number: string;
  /** The number the agent's phone shows. */
  callerId: string;
  timeoutSeconds: number;
  /** Queue offers: the waiting caller's call. */
  callId?: string;
  /** Outbound: the customer to call once the agent accepts. */
  customerNumber?: string;
}

/**
 * The carrier's outbound-call API as the domain needs it (a calls and queues REST API; such APIs
 * allow about one new call a second per account, so callers pace their offers).
 */
export interface AgentDialer {
  readonly carrier: CarrierId;
  /** Places the call; returns the carrier's id for it. */
  call(offer: AgentOffer): Promise<string>;
  /** The call id of the caller at the front of the named queue, or null when it is empty. */
  frontOfQueue(queueName: string): Promise<string | null>;
}
