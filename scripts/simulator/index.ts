/**
 * The offline call simulator: plays a whole call (TwiML or a Studio flow) against the local
 * system, as Twilio would, on a virtual clock, and returns what happened. README.md here
 * documents the scenario format.
 *
 *   const scenario = loadScenario('scripts/scenarios/ring-all.yaml');
 *   const runtime = await startLocalRuntime({ env: scenarioEnv(scenario) });
 *   const result = await simulate(scenario, inProcessTarget(runtime));
 *   result.summary.winner; result.entries; result.text();
 */
export { simulate, simulateInProcess, checkEnv, type SimulateOptions, type SimulationResult } from './simulation';
export { loadScenario, parseScenario, scenarioEnv, scenarioSchema, type Scenario } from './scenario';
export { inProcessTarget, httpTarget, type SimulationTarget, type InProcessRuntime, type HttpTargetOptions, type KnownConfig, type DirectoryAgent } from './target';
export { emulatorCallsApi, httpCallsApi, type CallsApi, type RestCall } from './calls-api';
export { Transcript, summarize, type TranscriptEntry, type TranscriptSummary, type EntryOf, type RingTarget } from './transcript';
export type { Carrier } from './carrier';
export { SimulationContext } from './context';
export { TwilioCarrier } from './twilio-carrier';
export { AfricasTalkingCarrier, AT_RING_SECONDS } from './africastalking-carrier';
export { parseAtXml, AT_ACTIONS, type AtDocument, type AtAction } from './at-xml';
export { startAtVoiceApi, type AtVoiceApi, type AtVoiceApiView, type AtPlacedCall } from './at-voice-api';
export { atSessionId } from './at-callbacks';
export { loadFlow, parseFlow, WIDGET_TYPES, type FlowDefinition } from './studio/flow';
export { CONDITION_TYPES } from './studio/conditions';
export { SimulationError, ScenarioError, UnsupportedTwimlError, UnsupportedAtXmlError, FlowError, WebhookError, LimitError } from './errors';
