/** Shared plumbing for the fake Zammad tests: Zammad's spec fixture, a travelling clock, raw HTTP calls. */
import type { FakeZammad, FakeZammadOptions, FakeZammadUser } from '../../scripts/fake-zammad';

export const CTI_TOKEN = 'cti-token-7Yk2';
export const API_TOKEN = 'api-token-Qm9x';

/** `travel` as in Zammad's specs: the fake reads this clock on every request. */
export interface Clock {
  now: () => number;
  travel(seconds: number): void;
}

export function clock(start = Date.parse('2026-01-05T10:00:00.000Z')): Clock {
  let current = start;
  return {
    now: () => current,
    travel(seconds) {
      current += seconds * 1000;
    },
  };
}

/** The cti_config of spec/requests/integration/cti_spec.rb. */
export const SPEC_CTI_CONFIG = {
  routingTable: [
    { dest: '41*', caller_id: '41715880339000' },
    { dest: '491714000000', caller_id: '41715880339000' },
  ],
  defaultCallerId: '4930777000000',
  blockCallerIds: ['491715000000'],
} satisfies Partial<FakeZammadOptions>;

/** The agent and the three customers of cti_spec.rb (fax and note are not modelled). */
export const SPEC_AGENT: FakeZammadUser = {
  id: 2,
  login: 'agent1@example.com',
  firstname: 'Agent',
  lastname: 'One',
  email: 'agent1@example.com',
  active: true,
  permissions: ['ticket.agent', 'cti.agent', 'chat.agent', 'user_preferences', 'knowledge_base.reader'],
};

export const SPEC_CUSTOMERS: FakeZammadUser[] = [
  {
    id: 3,
    login: 'ticket-caller_id_cti-customer1@example.com',
    firstname: 'CallerId',
    lastname: 'Customer1',
    email: 'ticket-caller_id_cti-customer1@example.com',
    phone: '+49 99999 222222',
    mobile: '+4912347114711',
    active: true,
    permissions: ['ticket.customer'],
  },
  {
    id: 4,
    login: 'ticket-caller_id_cti-customer2@example.com',
    firstname: 'CallerId',
    lastname: 'Customer2',
    email: 'ticket-caller_id_cti-customer2@example.com',
    phone: '+49 99999 222222 2',
    active: true,
    permissions: ['ticket.customer'],
  },
  {
    id: 5,
    login: 'ticket-caller_id_cti-customer3@example.com',
    firstname: 'CallerId',
    lastname: 'Customer3',
    email: 'ticket-caller_id_cti-customer3@example.com',
    phone: '+49 99999 222222 2',
    active: true,
    permissions: ['ticket.customer'],
  },
];

/** A customer with tickets (user 3), for the ticket tests. */
export const CUSTOMER: FakeZammadUser = {
  id: 3,
  login: 'carla@example.com',
  firstname: 'Carla',
  lastname: 'Customer',
  email: 'carla@example.com',
  active: true,
  permissions: ['ticket.customer'],
};

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

type ParamValue = string | number | boolean | null | string[];

/** Rails-style form encoding, as rspec's `params:` sends them: arrays as key[]=a&key[]=b. */
export function formBody(params: Record<string, ParamValue | undefined>): string {
  const pairs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) pairs.append(`${key}[]`, item);
    else pairs.append(key, value === null ? '' : String(value));
  }
  return pairs.toString();
}

export interface CallOptions {
  /** Default 'form', as Zammad's request specs post. */
  as?: 'form' | 'json';
  token?: string;
  accept?: string;
}

/** POST /api/v1/cti/:token */
export async function cti(fake: FakeZammad, params: Record<string, ParamValue | undefined>, options: CallOptions = {}): Promise<HttpResult> {
  const json = options.as === 'json';
  const headers: Record<string, string> = {
    'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded',
  };
  if (options.accept !== undefined) headers.Accept = options.accept;
  return request(fake, 'POST', `/api/v1/cti/${encodeURIComponent(options.token ?? CTI_TOKEN)}`, {
    headers,
    body: json ? JSON.stringify(params) : formBody(params),
  });
}

/** A request with `Authorization: Token token=<apiToken>` unless `authorization` says otherwise (null: none). */
export async function api(
  fake: FakeZammad,
  method: string,
  path: string,
  options: { authorization?: string | null; body?: unknown; accept?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  const authorization = options.authorization === undefined ? `Token token=${API_TOKEN}` : options.authorization;
  if (authorization !== null) headers.Authorization = authorization;
  if (options.accept !== undefined) headers.Accept = options.accept;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return request(fake, method, path, { headers, body });
}

export async function request(
  fake: FakeZammad,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: init.headers,
    body: init.body,
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  let json: unknown;
  if (response.headers.get('content-type')?.startsWith('application/json')) json = JSON.parse(text) as unknown;
  return { status: response.status, headers: response.headers, text, json };
}

/** Narrowing for bodies the test knows to be JSON objects. */
export const asObject = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;
