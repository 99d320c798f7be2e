import type { Agent } from '../agents';

/** The longest call we allow: carriers render it as their dial time limit, and an agent's busy status expires after it. */
export const MAX_CALL_SECONDS = 4 * 60 * 60;

/**
 * What the domain needs to know about a carrier, supplied by its adapter: the domain asks these
 * questions instead of asking which carrier it is.
 */
export interface CarrierProfile {
  /** Stored on each call and sent with its events, so later callbacks find the same profile. */
  readonly id: string;
  /** How many agents one dial may ring at once. */
  readonly maxPerDial: number;
  /**
   * How queue routing works: `native` holds callers in the carrier's own queue and offers them
   * to one agent at a time through its calls API; `sequential-dial` rings the agents one after
   * another in a single dial.
   */
  readonly queueing: 'native' | 'sequential-dial';
  /**
   * Where this carrier rings an agent now (numbers, browser clients), preferred first, all of
   * them at once; empty when it cannot reach them.
   */
  addressesOf(agent: Agent, now: Date): string[];
}

/**
 * A browser client as a ring address, `client:<name>`, beside plain numbers: each carrier's
 * profile writes it and that carrier's renderer reads it back in its own dial syntax.
 */
export const clientAddress = (name: string): string => `client:${name}`;

/** The client name in a ring address; null for a number. */
export function clientNameOf(address: string): string | null {
  return address.startsWith('client:') ? address.slice('client:'.length) : null;
}

/** SOFTPHONE_RING: whom a signed-in softphone is rung instead of, or alongside. */
export type SoftphoneRing = 'browser' | 'phone' | 'both';

/**
 * The addresses for one agent from their browser address (null: no softphone to ring) and their
 * phone (null: no number): `browser` rings the browser instead of the phone, `phone` the phone
 * (the softphone then only places calls), `both` both at once. Whichever is missing, the other
 * is rung: an agent is never unreachable only because of this setting.
 */
export function ringAddresses(ring: SoftphoneRing, browser: string | null, phone: string | null): string[] {
  const order = ring === 'phone' ? [phone, browser] : [browser, phone];
  const present = order.filter((a): a is string => a !== null);
  return ring === 'both' ? present : present.slice(0, 1);
}

/** The profiles of the carriers a deployment runs, by id. */
export class CarrierProfiles {
  private readonly byId: ReadonlyMap<string, CarrierProfile>;

  constructor(profiles: readonly CarrierProfile[]) {
    this.byId = new Map(profiles.map((p) => [p.id, p]));
  }

  of(id: string): CarrierProfile {
    const profile = this.byId.get(id);
    if (!profile) throw new Error(`no carrier profile "${id}": calls can only be made on ${[...this.byId.keys()].join(', ')}`);
    return profile;
  }
}
