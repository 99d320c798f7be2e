import type { SimulationContext } from './context';

/**
 * A carrier's side of a simulated call. Twilio (TwiML and Studio) is one; Africa's Talking (AT XML,
 * its voice callbacks) implements the same interface: it posts its own callbacks through
 * `sim.http`, plays its parties from `sim.parties`, keeps time with `sim.clock`, and writes what
 * happens to `sim.transcript` with the same entry kinds.
 */
export interface Carrier {
  readonly name: string;
  /** Spawns the processes that play the scenario's call; runs before the clock starts. */
  begin(sim: SimulationContext): void;
  /** After the run: the ids of the calls whose stored records (helpdesk events) to report. */
  callIds(): string[];
}
