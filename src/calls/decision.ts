import type { MissedReason } from './lifecycle-event';

export interface RingTarget {
  agentId: string;
  name: string;
  /** Where the carrier reaches the agent (CarrierProfile.addressOf): a number in E.164, or a browser client's address. */
  number: string;
}

/**
 * What should happen to the caller next, decided once in the domain and rendered by each
 * carrier adapter (as TwiML, as a dial plan in XML, ...).
 */
export type CallDecision =
  | {
      kind: 'ring';
      callId: string;
      targets: RingTarget[];
      timeoutSeconds: number;
      callerId: string;
      /** One after the other, longest idle first (queue routing on a carrier without a queue API). */
      sequential: boolean;
      /** What to do if nobody picks up, for carriers that continue the dial plan after an unanswered dial. */
      fallback: 'voicemail' | 'apologise';
    }
  | { kind: 'voicemail'; callId: string; reason: MissedReason; maxLengthSeconds: number }
  /** Nobody can take the call and there is no voicemail: apologise and hang up. */
  | { kind: 'apologise'; reason: MissedReason }
  /** The helpdesk blocks this caller: refuse the call as busy. */
  | { kind: 'reject' }
  /** Wait in the carrier's queue for an agent. */
  | { kind: 'enqueue'; callId: string; queueName: string }
  /** The call is over (the agent's side ended, or the message was left). */
  | { kind: 'hangup' };

/** What the agent's leg hears when it picks up. */
export type PickupDecision = { kind: 'whisper'; callId: string; agentId: string; callerNumber: string } | { kind: 'hangup' };

/** After the agent pressed a key: connect (ring-all: end the whisper; queue: take the caller from the queue), or step aside. */
export type AcceptDecision =
  | { kind: 'bridge' }
  | { kind: 'dequeue'; queueName: string; callId: string; agentId: string }
  | { kind: 'dial-customer'; callId: string; agentId: string; customerNumber: string; callerId: string }
  /** A call the agent placed that is not made: told why, then hung up. */
  | { kind: 'refuse'; reason: string }
  | { kind: 'hangup' };
