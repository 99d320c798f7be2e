/**
 * In-memory state of the three APIs. Every method is synchronous, so a check-then-write never
 * interleaves with another request. REST handlers validate input before calling in; methods used by
 * tests directly throw plain Errors on misuse.
 */
import { checkDefinition } from './flow-check';
import { newSid } from './sids';
import type {
  DeployedFunctionInput,
  EmulatedBuild,
  EmulatedEnvironment,
  EmulatedFlow,
  EmulatedFunction,
  EmulatedPhoneNumber,
  EmulatedRevision,
  EmulatedService,
  FlowStatus,
  StudioApiStats,
} from './types';

/** Records carry a creation sequence: the sort key of every list and its page tokens. */
export type Sequenced<T> = T & { seq: number; createdAt: number; updatedAt: number };

export type FlowRecord = Sequenced<EmulatedFlow>;
export type ServiceRecord = Sequenced<EmulatedService>;
export type EnvironmentRecord = Sequenced<EmulatedEnvironment>;
export type FunctionRecord = Sequenced<EmulatedFunction>;
export type BuildRecord = Sequenced<EmulatedBuild>;
export type PhoneNumberRecord = Sequenced<EmulatedPhoneNumber>;

export type PhoneNumberChange = Partial<Pick<EmulatedPhoneNumber, 'voiceUrl' | 'voiceMethod' | 'voiceApplicationSid' | 'friendlyName'>>;

export interface FlowWrite {
  friendlyName: string;
  status: FlowStatus;
  definition: unknown;
  commitMessage: string | null;
  author: 'api' | 'ui';
}

export class StudioStore {
  readonly counters: StudioApiStats = { requests: 0, flowCreates: 0, flowUpdates: 0, validations: 0, phoneNumberUpdates: 0 };
  /** Definitions POSTed to /v2/Flows/Validate. */
  readonly validated: unknown[] = [];
  private seq = 0;
  private readonly flowsBySid = new Map<string, FlowRecord>();
  private readonly services = new Map<string, ServiceRecord>();
  private readonly environments = new Map<string, EnvironmentRecord>();
  private readonly functions = new Map<string, FunctionRecord>();
  private readonly builds = new Map<string, BuildRecord>();
  private readonly numbers = new Map<string, PhoneNumberRecord>();

  constructor(
    private readonly now: () => number,
    readonly accountSid: string,
  ) {}

  // ---- Studio ----

  createFlow(write: FlowWrite): FlowRecord {
    const at = this.now();
    const flow: FlowRecord = {
      sid: newSid('FW'),
      accountSid: this.accountSid,
      seq: this.next(),
      createdAt: at,
      updatedAt: at,
      ...this.revisionFields(write, 1),
      revisions: [],
    };
    flow.revisions.push(this.revisionOf(flow, write.author, at));
    this.flowsBySid.set(flow.sid, flow);
    return flow;
  }

  /** Every update is a new revision (UNCONFIRMED: whether Studio skips one that changes nothing). */
  updateFlow(flow: FlowRecord, write: FlowWrite): FlowRecord {
    const at = this.now();
    Object.assign(flow, this.revisionFields(write, flow.revision + 1), { updatedAt: at });
    flow.revisions.push(this.revisionOf(flow, write.author, at));
    return flow;
  }

  getFlow(sid: string): FlowRecord | undefined {
    return this.flowsBySid.get(sid);
  }

  listFlows(): FlowRecord[] {
    return [...this.flowsBySid.values()];
  }

  deleteFlow(flow: FlowRecord): void {
    this.flowsBySid.delete(flow.sid);
  }

  // ---- Serverless ----

  addService(uniqueName: string, friendlyName: string): ServiceRecord {
    const at = this.now();
    const digits = String(1000 + Math.floor(Math.random() * 9000));
    const service: ServiceRecord = {
      sid: newSid('ZS'),
      uniqueName,
      friendlyName,
      domainBase: `${uniqueName}-${digits}`,
      seq: this.next(),
      createdAt: at,
      updatedAt: at,
    };
    this.services.set(service.sid, service);
    return service;
  }

  /** By SID or unique name, as the Serverless API addresses services. */
  findService(sidOrName: string): ServiceRecord | undefined {
    return this.services.get(sidOrName) ?? [...this.services.values()].find((s) => s.uniqueName === sidOrName);
  }

  addEnvironment(service: ServiceRecord, domainSuffix: string | null, uniqueName: string): EnvironmentRecord {
    const at = this.now();
    const environment: EnvironmentRecord = {
      sid: newSid('ZE'),
      serviceSid: service.sid,
      uniqueName,
      domainSuffix,
      domainName: `${service.domainBase}${domainSuffix ? `-${domainSuffix}` : ''}.twil.io`,
      buildSid: null,
      seq: this.next(),
      createdAt: at,
      updatedAt: at,
    };
    this.environments.set(environment.sid, environment);
    return environment;
  }

  listEnvironments(service: ServiceRecord): EnvironmentRecord[] {
    return [...this.environments.values()].filter((e) => e.serviceSid === service.sid);
  }

  findEnvironment(service: ServiceRecord, sidOrName: string): EnvironmentRecord | undefined {
    return this.listEnvironments(service).find((e) => e.sid === sidOrName || e.uniqueName === sidOrName);
  }

  getEnvironment(sid: string): EnvironmentRecord | undefined {
    return this.environments.get(sid);
  }

  deployBuild(service: ServiceRecord, environment: EnvironmentRecord, inputs: readonly DeployedFunctionInput[]): BuildRecord {
    const at = this.now();
    const functions: EmulatedBuild['functions'] = {};
    for (const input of inputs) {
      const fn = this.listFunctions(service).find((f) => f.friendlyName === input.path) ?? this.addFunction(service, input.path, at);
      functions[input.path] = { functionSid: fn.sid, versionSid: newSid('ZN'), visibility: input.visibility ?? 'protected' };
    }
    const build: BuildRecord = { sid: newSid('ZB'), serviceSid: service.sid, functions, seq: this.next(), createdAt: at, updatedAt: at };
    this.builds.set(build.sid, build);
    environment.buildSid = build.sid;
    environment.updatedAt = at;
    return build;
  }

  findBuild(service: ServiceRecord, sid: string): BuildRecord | undefined {
    const build = this.builds.get(sid);
    return build?.serviceSid === service.sid ? build : undefined;
  }

  listFunctions(service: ServiceRecord): FunctionRecord[] {
    return [...this.functions.values()].filter((f) => f.serviceSid === service.sid);
  }

  findFunction(service: ServiceRecord, sid: string): FunctionRecord | undefined {
    const fn = this.functions.get(sid);
    return fn?.serviceSid === service.sid ? fn : undefined;
  }

  // ---- IncomingPhoneNumbers ----

  addPhoneNumber(phoneNumber: string, voiceUrl: string | null, voiceApplicationSid: string | null): PhoneNumberRecord {
    if ([...this.numbers.values()].some((n) => n.phoneNumber === phoneNumber)) throw new Error(`${phoneNumber} already exists`);
    const at = this.now();
    const record: PhoneNumberRecord = {
      sid: newSid('PN'),
      accountSid: this.accountSid,
      phoneNumber,
      friendlyName: phoneNumber,
      voiceUrl,
      voiceMethod: 'POST',
      voiceApplicationSid,
      trunkSid: null,
      updates: [],
      seq: this.next(),
      createdAt: at,
      updatedAt: at,
    };
    this.numbers.set(record.sid, record);
    return record;
  }

  listPhoneNumbers(): PhoneNumberRecord[] {
    return [...this.numbers.values()];
  }

  getPhoneNumber(sid: string): PhoneNumberRecord | undefined {
    return this.numbers.get(sid);
  }

  updatePhoneNumber(record: PhoneNumberRecord, change: PhoneNumberChange, form: Record<string, string>): void {
    Object.assign(record, change, { updatedAt: this.now() });
    record.updates.push(form);
  }

  // ---- internals ----

  private next(): number {
    this.seq += 1;
    return this.seq;
  }

  private addFunction(service: ServiceRecord, path: string, at: number): FunctionRecord {
    const fn: FunctionRecord = { sid: newSid('ZH'), serviceSid: service.sid, friendlyName: path, seq: this.next(), createdAt: at, updatedAt: at };
    this.functions.set(fn.sid, fn);
    return fn;
  }

  private revisionFields(write: FlowWrite, revision: number) {
    const definition = studioOrder(structuredClone(write.definition));
    const errors = checkDefinition(definition);
    return {
      friendlyName: write.friendlyName,
      status: write.status,
      definition,
      revision,
      commitMessage: write.commitMessage,
      valid: errors.length === 0,
      errors,
    };
  }

  private revisionOf(flow: FlowRecord, author: 'api' | 'ui', at: number): EmulatedRevision {
    return {
      revision: flow.revision,
      friendlyName: flow.friendlyName,
      status: flow.status,
      definition: structuredClone(flow.definition),
      commitMessage: flow.commitMessage,
      valid: flow.valid,
      errors: flow.errors,
      author,
      createdAt: at,
    };
  }
}

/**
 * Studio keeps a definition in its own key order (as its exports show: description, states,
 * initial_state, flags; per widget name, type, transitions, properties), not the order it was sent in.
 * The fake does the same, so a client that needs a stable file must sort keys itself.
 */
export function studioOrder(definition: unknown): unknown {
  if (!isObject(definition)) return definition;
  const ordered = reorder(definition, ['description', 'states', 'initial_state', 'flags']);
  if (Array.isArray(ordered.states)) {
    ordered.states = ordered.states.map((state) => (isObject(state) ? reorder(state, ['name', 'type', 'transitions', 'properties']) : state));
  }
  return ordered;
}

function reorder(value: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of first) if (key in value) out[key] = value[key];
  for (const [key, item] of Object.entries(value)) if (!(key in out)) out[key] = item;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
