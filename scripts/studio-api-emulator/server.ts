/**
 * The HTTP face of the emulator: auth, body parsing, one route table for the three APIs (their paths
 * never overlap: /v2/Flows…, /v1/Services…, /2010-04-01/Accounts/…), plus the in-process API tests use
 * to stand in for `twilio serverless:deploy`, the Studio editor and owned numbers.
 */
import { authenticate } from '../twilio-emulator-kit/basic-auth';
import { readApiRequest, serveJson, type BodyLimit } from '../twilio-emulator-kit/http-server';
import { notFound, TwilioApiError } from './errors';
import { fetchPhoneNumber, listPhoneNumbers, updatePhoneNumber } from './phone-number-handlers';
import { API_VERSION } from './render';
import { dispatch, type Route } from './routing';
import {
  fetchBuild,
  fetchEnvironment,
  fetchFunction,
  fetchService,
  listEnvironments,
  listFunctions,
} from './serverless-handlers';
import { isSid } from './sids';
import { StudioStore, type FlowRecord } from './store';
import {
  createFlow,
  deleteFlow,
  fetchFlow,
  fetchRevision,
  listFlows,
  listRevisions,
  updateFlow,
  validateFlow,
} from './studio-handlers';
import type { EmulatedFlow, StudioApiEmulator, StudioApiEmulatorOptions } from './types';

const SERVICE = ['v1', 'Services', ':service'] as const;
const ACCOUNT = [API_VERSION, 'Accounts', ':account'] as const;

/** First match wins: Validate must come before the {Sid} route it would otherwise fit. */
const ROUTES: readonly Route[] = [
  { pattern: ['v2', 'Flows'], methods: { GET: listFlows, POST: createFlow } },
  { pattern: ['v2', 'Flows', 'Validate'], methods: { POST: validateFlow } },
  { pattern: ['v2', 'Flows', ':flow'], methods: { GET: fetchFlow, POST: updateFlow, DELETE: deleteFlow } },
  { pattern: ['v2', 'Flows', ':flow', 'Revisions'], methods: { GET: listRevisions } },
  { pattern: ['v2', 'Flows', ':flow', 'Revisions', ':revision'], methods: { GET: fetchRevision } },
  { pattern: [...SERVICE], methods: { GET: fetchService } },
  { pattern: [...SERVICE, 'Environments'], methods: { GET: listEnvironments } },
  { pattern: [...SERVICE, 'Environments', ':environment'], methods: { GET: fetchEnvironment } },
  { pattern: [...SERVICE, 'Builds', ':build'], methods: { GET: fetchBuild } },
  { pattern: [...SERVICE, 'Functions'], methods: { GET: listFunctions } },
  { pattern: [...SERVICE, 'Functions', ':function'], methods: { GET: fetchFunction } },
  { pattern: [...ACCOUNT, 'IncomingPhoneNumbers.json'], methods: { GET: listPhoneNumbers } },
  {
    pattern: [...ACCOUNT, 'IncomingPhoneNumbers', ':number.json'],
    methods: { GET: fetchPhoneNumber, POST: updatePhoneNumber },
  },
];

const DEFAULT_ACCOUNT_SID = `AC${'0'.repeat(32)}`;

/** Studio definitions can be large; far beyond this is not a flow. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const BODY_LIMIT: BodyLimit = {
  maxBytes: MAX_BODY_BYTES,
  tooLarge: () => new TwilioApiError(413, 20001, `Request body larger than ${MAX_BODY_BYTES} bytes`),
};

export async function startStudioApiEmulator(options: StudioApiEmulatorOptions = {}): Promise<StudioApiEmulator> {
  const now = options.now ?? Date.now;
  const username = options.credentials?.username;
  const accountSid = username !== undefined && isSid('AC', username) ? username : DEFAULT_ACCOUNT_SID;
  const store = new StudioStore(now, accountSid);

  const http = await serveJson({
    label: 'The Studio API emulator',
    host: options.host,
    port: options.port,
    answer: async (req) => {
      store.counters.requests += 1;
      const credentials = authenticate(req.headers.authorization, options.credentials);
      const request = { ...(await readApiRequest(req, BODY_LIMIT)), credentials };
      // 2010 paths name the account: a malformed or foreign one is "not found", whatever the method.
      return dispatch(ROUTES, request, { store }, (params) => {
        if (params.account === undefined) return;
        const foreign = isSid('AC', credentials.username) && credentials.username !== params.account;
        if (!isSid('AC', params.account) || foreign) throw notFound(request.path);
      });
    },
  });

  const snapshot = (flow: FlowRecord): EmulatedFlow => structuredClone(flow);
  return {
    url: http.url,
    accountSid,
    close: () => http.close(),
    flows: () => store.listFlows().map(snapshot),
    flow: (sid) => {
      const flow = store.getFlow(sid);
      return flow && snapshot(flow);
    },
    editFlow: (sid, edit, editOptions = {}) => {
      const flow = store.getFlow(sid);
      if (!flow) throw new Error(`no flow ${sid}`);
      store.updateFlow(flow, {
        friendlyName: flow.friendlyName,
        status: editOptions.status ?? flow.status,
        definition: edit(structuredClone(flow.definition)),
        commitMessage: editOptions.commitMessage ?? null,
        author: 'ui',
      });
      return snapshot(flow);
    },
    addService: ({ uniqueName, friendlyName }) => {
      const { sid, domainBase } = store.addService(uniqueName, friendlyName ?? uniqueName);
      return { sid, uniqueName, friendlyName: friendlyName ?? uniqueName, domainBase };
    },
    addEnvironment: (serviceSid, { domainSuffix, uniqueName }) => {
      const service = store.findService(serviceSid);
      if (!service) throw new Error(`no service ${serviceSid}`);
      const name = uniqueName ?? (domainSuffix ? `${domainSuffix}-environment` : 'production');
      const { seq: _seq, createdAt: _c, updatedAt: _u, ...environment } = store.addEnvironment(service, domainSuffix, name);
      return environment;
    },
    deployBuild: (serviceSid, environmentSid, functions) => {
      const service = store.findService(serviceSid);
      const environment = store.getEnvironment(environmentSid);
      if (!service || !environment || environment.serviceSid !== service.sid) {
        throw new Error(`no environment ${environmentSid} in service ${serviceSid}`);
      }
      const { sid, functions: deployed } = store.deployBuild(service, environment, functions);
      return { sid, serviceSid: service.sid, functions: structuredClone(deployed) };
    },
    environment: (sid) => {
      const found = store.getEnvironment(sid);
      if (!found) return undefined;
      const { seq: _seq, createdAt: _c, updatedAt: _u, ...environment } = found;
      return environment;
    },
    addPhoneNumber: ({ phoneNumber, voiceUrl, voiceApplicationSid }) => {
      if (!/^\+[1-9]\d{1,14}$/.test(phoneNumber)) throw new Error(`${phoneNumber} is not E.164`);
      return structuredClone(store.addPhoneNumber(phoneNumber, voiceUrl ?? null, voiceApplicationSid ?? null));
    },
    phoneNumbers: () => store.listPhoneNumbers().map((n) => structuredClone(n)),
    validated: () => structuredClone(store.validated),
    stats: () => ({ ...store.counters }),
  };
}
