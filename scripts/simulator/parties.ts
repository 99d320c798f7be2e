import type { CountryCode } from 'libphonenumber-js';
import { tryE164 } from '../../src/phone/phone-number';
import { ScenarioError } from './errors';
import type { CalleeBehaviour, CallerBehaviour, PressPlan, Scenario } from './scenario';
import type { DirectoryAgent } from './target';

/** A caller talks this long once connected unless the scenario says otherwise. */
const DEFAULT_CALLER_TALK_SECONDS = 60;
/** A listed agent without answer settings picks up after this long. */
const DEFAULT_ANSWER_AFTER = 3;
/** Personal voicemail typically answers before a person would. */
const DEFAULT_VOICEMAIL_ANSWER_AFTER = 2;
const BUSY_AFTER = 1;

export type PartyRole = 'caller' | 'agent' | 'customer' | 'number';

export type AnswerPlan = { kind: 'answer'; after: number; voicemail: boolean } | { kind: 'busy'; after: number } | { kind: 'never' };

export type PartyBehaviour = CalleeBehaviour & Partial<Pick<CallerBehaviour, 'queueWait' | 'leaveVoicemail'>>;

/** One phone in the simulation and how its owner behaves; keeps its place in a list of key presses. */
export class Party {
  private prompts = 0;

  constructor(
    /** How the transcript names it: `caller`, `customer`, an agent id, or the bare number. */
    readonly who: string,
    readonly role: PartyRole,
    readonly agentId: string | null,
    readonly behaviour: PartyBehaviour,
  ) {}

  get personalVoicemail(): boolean {
    return this.behaviour.personalVoicemail === true;
  }

  /** What this phone does when it rings. */
  answerPlan(): AnswerPlan {
    const b = this.behaviour;
    if (b.busy) return { kind: 'busy', after: BUSY_AFTER };
    if (b.neverAnswer) return { kind: 'never' };
    if (b.personalVoicemail) return { kind: 'answer', after: b.answerAfter ?? DEFAULT_VOICEMAIL_ANSWER_AFTER, voicemail: true };
    return { kind: 'answer', after: b.answerAfter ?? DEFAULT_ANSWER_AFTER, voicemail: false };
  }

  /** The keys for the next prompt (a <Gather>), and how long after the prompt they come; null = none. */
  nextPress(): { digits: string; after: number } | null {
    if (this.personalVoicemail) return null;
    const plan: PressPlan | undefined = this.behaviour.press;
    const index = this.prompts++;
    if (plan === undefined) return null;
    const entry = typeof plan === 'string' ? plan : plan[index];
    if (entry === undefined || entry === null) return null;
    if (typeof entry === 'string') return { digits: entry, after: this.behaviour.pressAfter ?? 0 };
    return { digits: entry.digits, after: entry.after ?? this.behaviour.pressAfter ?? 0 };
  }

  /** Seconds this party stays in a conversation before hanging up; Infinity = until the other side does. */
  get talkSeconds(): number {
    return this.behaviour.talkSeconds ?? (this.role === 'caller' ? DEFAULT_CALLER_TALK_SECONDS : Infinity);
  }
}

/** Who is who: the scenario's behaviours joined with the system's agent directory. */
export class Parties {
  private readonly byNumber = new Map<string, { agent: DirectoryAgent | null; behaviour: CalleeBehaviour }>();
  private readonly agentByNumber = new Map<string, DirectoryAgent>();
  private readonly parties = new Map<string, Party>();

  private constructor(
    private readonly scenario: Scenario,
    readonly agents: readonly DirectoryAgent[],
    private readonly region: CountryCode,
  ) {}

  /** Fails (naming the field) when the scenario speaks of an agent the system does not know. */
  static create(scenario: Scenario, agents: readonly DirectoryAgent[], region: CountryCode = 'US'): Parties {
    const parties = new Parties(scenario, agents, region);
    for (const agent of agents) for (const number of agent.phoneNumbers) parties.agentByNumber.set(number, agent);
    const problems: Array<{ path: string; message: string }> = [];
    for (const [key, behaviour] of Object.entries(scenario.agents)) {
      if (key.startsWith('+')) {
        parties.byNumber.set(key, { agent: parties.agentByNumber.get(key) ?? null, behaviour });
        continue;
      }
      const agent = agents.find((a) => a.id === key);
      if (!agent) {
        problems.push({ path: `agents.${key}`, message: `no agent with this id in the system (it has ${agents.map((a) => a.id).join(', ') || 'none'})` });
        continue;
      }
      for (const number of agent.phoneNumbers) parties.byNumber.set(number, { agent, behaviour });
    }
    const clickToCall = scenario.clickToCall;
    if (clickToCall && !agents.some((a) => a.id === clickToCall.agent)) {
      problems.push({ path: 'clickToCall.agent', message: `no agent with this id in the system (it has ${agents.map((a) => a.id).join(', ') || 'none'})` });
    }
    const browserCall = scenario.browserCall;
    if (browserCall && !agents.some((a) => a.id === browserCall.agent)) {
      problems.push({ path: 'browserCall.agent', message: `no agent with this id in the system (it has ${agents.map((a) => a.id).join(', ') || 'none'})` });
    }
    if (problems.length > 0) throw new ScenarioError(scenario.source, problems);
    return parties;
  }

  caller(): Party {
    return this.memo('caller', () => new Party('caller', 'caller', null, this.scenario.caller as PartyBehaviour));
  }

  /** The party a dialled or REST-called number reaches. */
  forNumber(raw: string): Party {
    const number = tryE164(raw, this.region) ?? raw;
    return this.memo(`n:${number}`, () => {
      const customer = this.scenario.clickToCall?.to ?? this.scenario.browserCall?.to;
      if (customer !== undefined && number === (tryE164(customer, this.region) ?? customer)) {
        return new Party('customer', 'customer', null, this.scenario.customer);
      }
      const listed = this.byNumber.get(number);
      const agent = listed?.agent ?? this.agentByNumber.get(number) ?? null;
      const behaviour = listed?.behaviour ?? this.scenario.defaultAgent;
      if (agent) return new Party(agent.id, 'agent', agent.id, behaviour);
      return new Party(number, 'number', null, behaviour);
    });
  }

  /** An agent reached at an address that is not a number (an Africa's Talking browser client). */
  forAgentAt(agentId: string, address: string): Party {
    return this.memo(`a:${agentId}:${address}`, () => new Party(agentId, 'agent', agentId, this.scenario.agents[agentId] ?? this.scenario.defaultAgent));
  }

  /** The agent placing a browser call: the calling side, who talks `talkSeconds` once connected. */
  browserCaller(agentId: string, talkSeconds: number): Party {
    return this.memo(`b:${agentId}`, () => new Party(agentId, 'agent', agentId, { ...(this.scenario.agents[agentId] ?? {}), talkSeconds }));
  }

  /** A Twilio <Client> by identity: the agent of that id in their browser, else a client nobody in the scenario is. */
  forClient(identity: string): Party {
    const agent = this.agents.find((a) => a.id === identity);
    if (agent) return this.forAgentAt(agent.id, `client:${identity}`);
    return this.memo(`c:${identity}`, () => new Party(`client:${identity}`, 'number', null, this.scenario.defaultAgent));
  }

  agentId(number: string): string | null {
    return this.agentByNumber.get(tryE164(number, this.region) ?? number)?.id ?? null;
  }

  /** The agent's first number (click-to-call rings it). */
  numberOf(agentId: string): string | undefined {
    return this.agents.find((a) => a.id === agentId)?.phoneNumbers[0];
  }

  private memo(key: string, make: () => Party): Party {
    let party = this.parties.get(key);
    if (!party) {
      party = make();
      this.parties.set(key, party);
    }
    return party;
  }
}
