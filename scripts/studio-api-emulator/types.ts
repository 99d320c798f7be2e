/** Public types of the loopback emulator of Studio v2 Flows, Serverless v1 (read side) and IncomingPhoneNumbers. */

export type FlowStatus = 'draft' | 'published';
export type FunctionVisibility = 'public' | 'protected' | 'private';

export interface StudioApiEmulatorOptions {
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. Only loopback hosts are accepted: the emulator has no real security. */
  host?: string;
  /** Millisecond clock for dates. Default Date.now. */
  now?: () => number;
  /**
   * When set, Basic auth must match (401 / 20003), and the username (an account SID) owns every
   * resource. When unset, any Basic auth is accepted, but one must be sent.
   */
  credentials?: { username: string; password: string };
}

/** One saved state of a flow, as GET /v2/Flows/{Sid}/Revisions/{n} shows it. */
export interface EmulatedRevision {
  revision: number;
  friendlyName: string;
  status: FlowStatus;
  definition: unknown;
  commitMessage: string | null;
  valid: boolean;
  errors: FlowDefinitionError[];
  /** 'api' for REST creates and updates, 'ui' for editFlow (a user in the Studio editor). */
  author: 'api' | 'ui';
  createdAt: number;
}

export interface EmulatedFlow {
  sid: string;
  accountSid: string;
  createdAt: number;
  updatedAt: number;
  /** The latest revision's fields. */
  friendlyName: string;
  status: FlowStatus;
  definition: unknown;
  revision: number;
  commitMessage: string | null;
  valid: boolean;
  errors: FlowDefinitionError[];
  /** Oldest first. */
  revisions: EmulatedRevision[];
}

/** What Studio's validator reports per problem (shape UNCONFIRMED; see flow-check.ts). */
export interface FlowDefinitionError {
  message: string;
  property_path: string;
}

export interface EmulatedService {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  domainBase: string;
}

export interface EmulatedEnvironment {
  sid: string;
  serviceSid: string;
  uniqueName: string;
  domainSuffix: string | null;
  domainName: string;
  buildSid: string | null;
}

export interface EmulatedFunction {
  sid: string;
  serviceSid: string;
  /** twilio-run names a Function after its path. */
  friendlyName: string;
}

export interface EmulatedBuild {
  sid: string;
  serviceSid: string;
  /** path → the Function deployed there. */
  functions: Record<string, { functionSid: string; versionSid: string; visibility: FunctionVisibility }>;
}

export interface EmulatedPhoneNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string | null;
  voiceMethod: 'GET' | 'POST';
  voiceApplicationSid: string | null;
  trunkSid: string | null;
  /** Every accepted update's form fields, oldest first. */
  updates: Array<Record<string, string>>;
}

export interface DeployedFunctionInput {
  path: string;
  /** Default 'protected'. */
  visibility?: FunctionVisibility;
}

export interface StudioApiStats {
  /** Every HTTP request received, rejected ones included. */
  requests: number;
  flowCreates: number;
  flowUpdates: number;
  /** POST /v2/Flows/Validate, answered valid or not. */
  validations: number;
  phoneNumberUpdates: number;
}

export interface StudioApiEmulator {
  /** Base URL without a trailing slash; serves studio.twilio.com, serverless.twilio.com and api.twilio.com paths. */
  url: string;
  /** The account every resource belongs to. */
  accountSid: string;
  close(): Promise<void>;

  flows(): EmulatedFlow[];
  flow(sid: string): EmulatedFlow | undefined;
  /**
   * What saving in the Studio editor does: a new revision (author 'ui') whose definition is `edit`
   * applied to a copy of the current one. Default status: the flow's current one.
   */
  editFlow(sid: string, edit: (definition: unknown) => unknown, options?: { status?: FlowStatus; commitMessage?: string }): EmulatedFlow;

  /** A Serverless service, as `twilio serverless:deploy` creates it; domain base "<uniqueName>-<4 digits>". */
  addService(input: { uniqueName: string; friendlyName?: string }): EmulatedService;
  /** An environment; domainSuffix null is production (domain "<base>.twil.io"), else "<base>-<suffix>.twil.io". */
  addEnvironment(serviceSid: string, input: { domainSuffix: string | null; uniqueName?: string }): EmulatedEnvironment;
  /**
   * A deploy: Functions are created for new paths (kept for known ones, as twilio-run does), one new
   * version each, a completed build holding them, and the environment now runs that build.
   */
  deployBuild(serviceSid: string, environmentSid: string, functions: readonly DeployedFunctionInput[]): EmulatedBuild;
  environment(sid: string): EmulatedEnvironment | undefined;

  /** A number owned by the account (voice capable). */
  addPhoneNumber(input: { phoneNumber: string; voiceUrl?: string; voiceApplicationSid?: string }): EmulatedPhoneNumber;
  phoneNumbers(): EmulatedPhoneNumber[];

  /** The definitions POSTed to /v2/Flows/Validate, oldest first (parsed; invalid JSON is not kept). */
  validated(): unknown[];

  stats(): StudioApiStats;
}
