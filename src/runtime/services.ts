import { AgentRegistry, type Agent } from '../agents';
import { CallStore, type CallItem } from '../calls/call-store';
import type { OriginTicket } from '../calls/call-record';
import { Outbox, type EventSink, type PendingCall } from '../calls/outbox';
import type { AgentDialer } from '../calls/agent-dialer';
import { OutboundCalls } from '../calls/outbound-calls';
import { QueueCalls, type QueueOffer } from '../calls/queue-calls';
import { IncomingCalls } from '../calls/incoming-calls';
import { AgentLegs } from '../calls/agent-legs';
import { CallEndings } from '../calls/call-endings';
import { CallIndex, type CallIndexEntry } from '../calls/call-index';
import { CallsView } from '../calls/calls-view';
import { CarrierProfiles, MAX_CALL_SECONDS } from '../calls/carrier-profile';
import { twilioProfile } from '../carriers/twilio/profile';
import { atProfile } from '../carriers/africastalking/profile';
import { SoftphonePresence, type SoftphoneBeat } from '../softphone/softphone-presence';
import { TwilioAgentDialer } from '../carriers/twilio/twilio-agent-dialer';
import { ZammadCtiSink } from '../helpdesks/zammad/zammad-cti-sink';
import { ZammadAgentDirectory } from '../helpdesks/zammad/zammad-agent-directory';
import { ZammadTicketOwners } from '../helpdesks/zammad/zammad-ticket-owner';
import type { TicketOwnerLookup } from '../routing/ticket-owner';
import { DirectoryRefresh, type RefreshMark } from '../agents/directory-refresh';
import type { AgentDirectory } from '../agents';
import { FreshdeskApi } from '../helpdesks/freshdesk/freshdesk-api';
import { FreshdeskContacts } from '../helpdesks/freshdesk/freshdesk-contacts';
import { FreshdeskSink } from '../helpdesks/freshdesk/freshdesk-sink';
import { FreshdeskAgentDirectory } from '../helpdesks/freshdesk/freshdesk-agent-directory';
import { FreshdeskCalls } from '../helpdesks/freshdesk/freshdesk-calls';
import { ConfigError, type RuntimeConfig } from '../config';
import { carrierNamed, type CarrierName as Carrier } from '../carriers/carrier-name';
import { AtDialer } from '../carriers/africastalking/at-dialer';
import type { AtCallbackDeps } from '../carriers/africastalking/voice-callback';
import { createTwilioClient, DEFAULT_BACKOFF, SyncItemMap } from '../store';
import { openState, scheduleState, type OpenState } from '../routing/business-hours';
import { loadBusinessHours } from './business-hours-source';
import { loadLines } from './lines-source';
import { lineFor as lineOf, type Line } from '../routing/lines';
import type { SoftphoneTokenSettings } from '../softphone/softphone-tokens';
import { QueuedDials, type QueuedDial } from '../softphone/queued-dials';
import { BrowserCalls } from '../calls/browser-calls';
import type { OutboundPolicy } from '../phone/outbound-policy';

/**
 * Helpdesk calls happen inside carrier webhooks (Twilio waits 15 s, a Function lives 10 s). An
 * attempt waits at most 600 ms, and a refusal, a dropped connection or a timeout is tried again
 * while the 1.5 s retry budget lasts; on top of that a whole request waits on helpdesks for at
 * most HELPDESK_REQUEST_BUDGET_MS in all (define-function.ts). The rest is left to the outbox.
 */
export const HELPDESK_HTTP = { timeoutMs: 600, retry: { budgetMs: 1500, baseMs: 100, capMs: 400 } };
/** A lookup the caller waits for (inside Studio's 10 s widget limit): one try each, no retries. */
const HELPDESK_LOOKUP = { timeoutMs: 1000, retry: { budgetMs: 0, baseMs: 100, capMs: 500 } };

/** Per-call Sync maps outlive their call by a week, then Sync deletes them. */
const CALL_MAP_TTL_SECONDS = 7 * 24 * 60 * 60;
/** The dashboard lists ended calls for a day: overnight voicemails are still there in the morning. */
const CALLS_INDEX_ENDED_SECONDS = 24 * 60 * 60;
const OUTBOX_PENDING_MAP = 'outbox-pending';
/** How long an agent's phone rings for a click-to-call before we give up. */
const AGENT_RING_SECONDS = 30;
const DIRECTORY_MAP = 'directory';

export interface ClickToCallRequest {
  agentId: string;
  customerNumber: string;
  carrier?: Carrier;
  /** The helpdesk ticket the call is placed from, where it is logged. */
  originTicket?: OriginTicket;
}

/** Everything a Function may use, wired once per configuration. */
export interface Services {
  agents: AgentRegistry;
  /** Deciding incoming calls: on arrival, and after each ring attempt. */
  incoming: IncomingCalls;
  /** The agents' legs: whisper, accept, queue hand-over. */
  legs: AgentLegs;
  /** The end of a call, voicemail, recording and transcript. */
  endings: CallEndings;
  /** Live and recently ended calls, for the dashboard. */
  callsView: CallsView;
  queue: QueueCalls;
  outbound: OutboundCalls;
  outbox: Outbox;
  /** The helpdesk's agent directory when one is configured (Zammad, else Freshdesk); else agents come from the agents file. */
  directory: DirectoryRefresh | null;
  /** What the Freshdesk app asks for; null when Freshdesk is not configured. */
  freshdesk: FreshdeskCalls | null;
  /** Outgoing calls to agents on a carrier; Twilio's call back to the given absolute base URL. */
  dialer(webhookBase: string, carrier?: Carrier): AgentDialer;
  /** Click-to-call on a carrier (default CARRIER) with that carrier's caller id. */
  clickToCall(request: ClickToCallRequest, webhookBase: string): Promise<{ callId: string }>;
  /** What an Africa's Talking callback needs; null when Africa's Talking is not configured. */
  africasTalking(webhookBase: string): AtCallbackDeps | null;
  /** The softphones' heartbeats: who is signed in in the browser. */
  softphones: SoftphonePresence;
  /** What each carrier's softphone token needs, or the variables still to set. */
  softphoneTokens: SoftphoneTokenSettings;
  /** Calls placed from the browser softphone. */
  browserCalls: BrowserCalls;
  /** The number a carrier's outbound calls show (OUTBOUND_CALLER_ID, AT_PHONE_NUMBER). */
  callerIdFor(carrier: Carrier): string;
  now(): Date;
}

let cached: { key: string; services: Services } | undefined;

export function servicesFor(config: RuntimeConfig): Services {
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, services: buildServices(config) };
  return cached.services;
}

function helpdeskSinks(config: RuntimeConfig): EventSink[] {
  const sinks: EventSink[] = [];
  // The config requires ZAMMAD_API_TOKEN with ZAMMAD_URL; the sink reads the caller log with it.
  if (config.ZAMMAD_URL && config.ZAMMAD_CTI_TOKEN && config.ZAMMAD_API_TOKEN) {
    sinks.push(
      new ZammadCtiSink({
        url: config.ZAMMAD_URL,
        ctiToken: config.ZAMMAD_CTI_TOKEN,
        apiToken: config.ZAMMAD_API_TOKEN,
        numberFormat: config.ZAMMAD_NUMBER_FORMAT,
        queueName: config.QUEUE_NAME,
        ...HELPDESK_HTTP,
      }),
    );
  }
  const freshdesk = freshdeskApi(config);
  if (freshdesk) {
    sinks.push(
      new FreshdeskSink({
        api: freshdesk,
        contacts: new FreshdeskContacts(freshdesk),
        reuseTicketDays: config.FRESHDESK_REUSE_TICKET_DAYS,
        answeredStatus: config.FRESHDESK_ANSWERED_STATUS,
        transcriptWaitSeconds: config.TRANSCRIPT_WAIT,
        now: () => new Date(),
      }),
    );
  }
  return sinks;
}

function freshdeskApi(config: RuntimeConfig, http = HELPDESK_HTTP): FreshdeskApi | null {
  if (!config.FRESHDESK_URL || !config.FRESHDESK_API_KEY) return null;
  return new FreshdeskApi({ url: config.FRESHDESK_URL, apiKey: config.FRESHDESK_API_KEY, ...http });
}

function atDialer(config: RuntimeConfig): AtDialer {
  const { AT_USERNAME, AT_API_KEY, AT_PHONE_NUMBER, AT_API_URL } = config;
  if (!AT_USERNAME || !AT_API_KEY || !AT_PHONE_NUMBER) {
    throw new ConfigError(['AT_USERNAME, AT_API_KEY and AT_PHONE_NUMBER are required for calls through Africa\'s Talking']);
  }
  return new AtDialer({ username: AT_USERNAME, apiKey: AT_API_KEY, phoneNumber: AT_PHONE_NUMBER, apiUrl: AT_API_URL });
}

/** The helpdesk the agents come from, with how long its list is trusted: Zammad, else Freshdesk, else none (the agents file). */
function remoteDirectory(config: RuntimeConfig): { directory: AgentDirectory; cacheSeconds: number } | null {
  const freshdesk = freshdeskApi(config);
  if (!config.ZAMMAD_URL || !config.ZAMMAD_API_TOKEN) {
    return freshdesk && { directory: new FreshdeskAgentDirectory(freshdesk, config.DEFAULT_REGION), cacheSeconds: config.FRESHDESK_AGENT_CACHE };
  }
  return { directory: zammadDirectory(config, config.ZAMMAD_URL, config.ZAMMAD_API_TOKEN), cacheSeconds: config.ZAMMAD_AGENT_CACHE };
}

function zammadDirectory(config: RuntimeConfig, url: string, apiToken: string): ZammadAgentDirectory {
  return new ZammadAgentDirectory({
    url,
    apiToken,
    defaultRegion: config.DEFAULT_REGION,
    timeZone: config.ZAMMAD_TIMEZONE,
    ...HELPDESK_HTTP,
  });
}

function ticketOwners(config: RuntimeConfig): TicketOwnerLookup | null {
  if (config.TICKET_OWNER_FIRST === 'off' || !config.ZAMMAD_URL || !config.ZAMMAD_API_TOKEN) return null;
  return new ZammadTicketOwners({ url: config.ZAMMAD_URL, apiToken: config.ZAMMAD_API_TOKEN, defaultRegion: config.DEFAULT_REGION, ...HELPDESK_LOOKUP });
}

/** Each carrier's token settings, or the variables a deployment has yet to set for it. */
function softphoneTokenSettings(config: RuntimeConfig): SoftphoneTokenSettings {
  const ttlSeconds = config.SOFTPHONE_TOKEN_TTL;
  const { TWILIO_API_KEY, TWILIO_API_SECRET, TWIML_APP_SID, AT_USERNAME, AT_API_KEY, AT_PHONE_NUMBER } = config;
  const missing = (vars: Record<string, string | undefined>) => Object.keys(vars).filter((name) => !vars[name]);
  return {
    twilio:
      TWILIO_API_KEY && TWILIO_API_SECRET && TWIML_APP_SID
        ? { accountSid: config.ACCOUNT_SID, apiKey: TWILIO_API_KEY, apiSecret: TWILIO_API_SECRET, twimlAppSid: TWIML_APP_SID, ttlSeconds }
        : { missing: missing({ TWILIO_API_KEY, TWILIO_API_SECRET, TWIML_APP_SID }) },
    africastalking:
      AT_USERNAME && AT_API_KEY && AT_PHONE_NUMBER
        ? { username: AT_USERNAME, apiKey: AT_API_KEY, phoneNumber: AT_PHONE_NUMBER, ttlSeconds, baseUrl: config.AT_WEBRTC_URL }
        : { missing: missing({ AT_USERNAME, AT_API_KEY, AT_PHONE_NUMBER }) },
  };
}

/** Where the softphone may call: OUTBOUND_ALLOWED_COUNTRIES, else the regions the deployment reads numbers in. */
function outboundPolicy(config: RuntimeConfig): OutboundPolicy {
  const home = config.AT_USERNAME ? [config.DEFAULT_REGION, config.AT_DEFAULT_REGION] : [config.DEFAULT_REGION];
  return { allowedCountries: config.OUTBOUND_ALLOWED_COUNTRIES ?? [...new Set(home)], blockedPrefixes: config.OUTBOUND_BLOCKED_PREFIXES };
}

export function buildServices(config: RuntimeConfig): Services {
  const client = createTwilioClient({
    accountSid: config.ACCOUNT_SID,
    authToken: config.AUTH_TOKEN,
    syncApiUrl: config.SYNC_API_URL,
    voiceApiUrl: config.TWILIO_API_URL,
  });
  const service = config.SYNC_SERVICE_SID;
  const softphones = new SoftphonePresence(new SyncItemMap<SoftphoneBeat>(client, service, config.SYNC_SOFTPHONE_MAP));
  const requireSignIn = config.REQUIRE_SIGN_IN === 'on';
  const agents = new AgentRegistry(new SyncItemMap<Agent>(client, service, config.SYNC_AGENT_MAP), { softphones, requireSignIn });
  const twilio = twilioProfile(config.SOFTPHONE_RING);
  const index = new CallIndex(new SyncItemMap<CallIndexEntry>(client, service, config.SYNC_CALLS_INDEX_MAP), {
    liveSeconds: MAX_CALL_SECONDS,
    endedSeconds: CALLS_INDEX_ENDED_SECONDS,
  });
  const calls = new CallStore(
    (callId) => new SyncItemMap<CallItem>(client, service, `call-${callId}`, DEFAULT_BACKOFF, CALL_MAP_TTL_SECONDS),
    MAX_CALL_SECONDS,
    index,
  );
  const callsView = new CallsView({ index, calls, agentNames: async () => new Map((await agents.all()).map((a) => [a.id, a.name])) });
  const sinks = helpdeskSinks(config);
  const outbox = new Outbox(calls, sinks, new SyncItemMap<PendingCall>(client, service, OUTBOX_PENDING_MAP));
  const now = () => new Date();
  const remote = remoteDirectory(config);
  const directory = remote && new DirectoryRefresh(remote.directory, agents, new SyncItemMap<RefreshMark>(client, service, DIRECTORY_MAP), remote.cacheSeconds);
  const refreshAgents = () => directory?.refreshIfDue() ?? Promise.resolve();
  const defaults = {
    routingMode: config.ROUTING_MODE,
    ringTimeoutSeconds: config.RING_TIMEOUT,
    preferredRingSeconds: config.OWNER_RING_TIMEOUT,
    voicemail: config.VOICEMAIL === 'on',
    team: null,
    wrapUpSeconds: config.WRAP_UP_SECONDS,
    languages: config.LANGUAGES,
    requireSignIn,
  };
  // Read per call, like the hours, so a changed LINES or lines asset applies to the next call.
  const lineFor = (calledNumber: string): Line => lineOf(loadLines(config), calledNumber, defaults);
  const voicemail = { voicemail: defaults.voicemail, voicemailMaxLengthSeconds: config.VOICEMAIL_MAX_LENGTH };
  const queue = new QueueCalls({
    agents,
    calls,
    outbox,
    refreshAgents,
    queue: new SyncItemMap<QueueOffer>(client, service, `queue-${config.QUEUE_NAME.replace(/[^A-Za-z0-9_-]/g, '_')}`),
    profile: twilio,
    lineFor,
    settings: { queueName: config.QUEUE_NAME, agentTimeoutSeconds: config.QUEUE_AGENT_TIMEOUT, maxWaitSeconds: config.QUEUE_MAX_WAIT, ...voicemail },
    now,
  });
  // Read per call, so a changed BUSINESS_HOURS or hours asset applies to the next call.
  const lineState = (calledNumber: string, at: Date): OpenState => {
    const own = loadLines(config)[calledNumber]?.hours;
    return own ? scheduleState(own, at) : openState(loadBusinessHours(config), calledNumber, at);
  };
  const endings = new CallEndings({ agents, calls, outbox, now });
  const owners = ticketOwners(config);
  const profiles = new CarrierProfiles([twilio, atProfile(config.SOFTPHONE_RING)]);
  const incoming = new IncomingCalls({
    agents,
    calls,
    outbox,
    queue,
    endings,
    profiles,
    lineFor,
    voicemailMaxLengthSeconds: config.VOICEMAIL_MAX_LENGTH,
    ticketOwners: owners,
    refreshAgents,
    lineState,
    now,
  });
  const legs = new AgentLegs({ agents, calls, outbox, queue, now });
  const outbound = new OutboundCalls({ agents, calls, outbox, now });
  const dialer = (base: string, carrier: Carrier = config.CARRIER): AgentDialer =>
    carrier === 'africastalking' ? atDialer(config) : new TwilioAgentDialer(client, base);
  const callerIdFor = (carrier: Carrier): string => {
    const callerId = carrier === 'africastalking' ? config.AT_PHONE_NUMBER : config.OUTBOUND_CALLER_ID;
    if (!callerId) throw new ConfigError([`${carrier === 'africastalking' ? 'AT_PHONE_NUMBER' : 'OUTBOUND_CALLER_ID'} is required for outbound calls`]);
    return callerId;
  };
  const browserCalls = new BrowserCalls({
    agents,
    outbound,
    queued: new QueuedDials(new SyncItemMap<QueuedDial>(client, service, `${config.SYNC_SOFTPHONE_MAP}-dials`)),
    policy: outboundPolicy(config),
    now,
  });
  const clickToCall = ({ agentId, customerNumber, carrier = config.CARRIER, originTicket }: ClickToCallRequest, base: string) => {
    const callerId = callerIdFor(carrier);
    return outbound.place({ agentId, customerNumber, callerId, ringSeconds: AGENT_RING_SECONDS, originTicket }, dialer(base, carrier));
  };
  return {
    agents,
    incoming,
    legs,
    endings,
    callsView,
    queue,
    outbound,
    outbox,
    directory,
    dialer,
    clickToCall,
    freshdesk: (() => {
      const api = freshdeskApi(config, HELPDESK_LOOKUP);
      if (!api) return null;
      return new FreshdeskCalls({
        api,
        contacts: new FreshdeskContacts(api),
        agents,
        calls,
        ringing: (agentId) => callsView.ringing(agentId),
        defaultRegion: config.DEFAULT_REGION,
        placeCall: ({ carrier, ...request }, base) => clickToCall({ ...request, carrier: carrierNamed(carrier) }, base),
      });
    })(),
    africasTalking: (base) =>
      config.AT_USERNAME && config.AT_PHONE_NUMBER && config.AT_CALLBACK_SECRET
        ? {
            incoming,
            legs,
            endings,
            outbound,
            calls,
            agents,
            browserCalls,
            region: config.AT_DEFAULT_REGION,
            xml: {
              username: config.AT_USERNAME,
              phoneNumber: config.AT_PHONE_NUMBER,
              callbackUrl: `${base}/africastalking/voice?key=${encodeURIComponent(config.AT_CALLBACK_SECRET)}`,
              voicemailMaxLengthSeconds: config.VOICEMAIL_MAX_LENGTH,
              record: config.AT_RECORD_CALLS === 'on',
            },
          }
        : null,
    softphones,
    softphoneTokens: softphoneTokenSettings(config),
    browserCalls,
    callerIdFor,
    now,
  };
}
