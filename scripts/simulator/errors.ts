/**
 * Everything that stops a simulation is one of these, so the CLI can print the message alone
 * (exit 1) and tests can tell a bad scenario from a product bug.
 */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The scenario file is wrong; `path` names the field (e.g. `agents.alice.answerAfter`). */
export class ScenarioError extends SimulationError {
  constructor(
    readonly file: string,
    readonly problems: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`${file}: invalid scenario\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  }
}

/** The TwiML uses a verb, noun or attribute the simulator cannot play faithfully. */
export class UnsupportedTwimlError extends SimulationError {}

/** Africa's Talking XML with an action or attribute the simulator cannot play faithfully. */
export class UnsupportedAtXmlError extends SimulationError {}

/** A Studio flow that Studio would refuse or that the executor cannot run; names the widget. */
export class FlowError extends SimulationError {}

/** The system under test answered something Twilio would treat as an application error. */
export class WebhookError extends SimulationError {}

/** A bound was hit (webhook steps, virtual time, kernel steps): almost always a loop. */
export class LimitError extends SimulationError {}
