import { startFakeZammad, type FakeZammad, type FakeZammadTicket, type FakeZammadUser } from '../../scripts/fake-zammad';
import { zammadAgent as user } from '../support/zammad-agents';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { callSid } from '../support/twilio-call';

const CTI_TOKEN = 'cti-token-123';
const API_TOKEN = 'api-token-456';
const OUR_NUMBER = '+493099990000';
const CALLER = '+49301234567';

const USERS: FakeZammadUser[] = [
  user(2, 'anna', { phone: '+49 30 1111111' }),
  user(3, 'ben', { phone: '+49 30 2222222' }),
  user(4, 'carl', { phone: '+49 30 3333333', preferences: { cti: false } }),
  // The caller, as Zammad stores them: a national number Zammad itself normalises.
  user(50, 'clara', { lastname: 'Customer', mobile: '030 1234567', permissions: ['ticket.customer'] }),
];

const ticket = (id: number, owner: number, state: FakeZammadTicket['state'], updatedAt: string): FakeZammadTicket => ({
  id,
  title: `ticket ${id}`,
  customer_id: 50,
  owner_id: owner,
  state,
  created_at: '2026-11-01T09:00:00Z',
  updated_at: updatedAt,
});

interface Ctx {
  zammad: FakeZammad;
  runtime: LocalRuntime;
}

async function withZammad(tickets: FakeZammadTicket[], body: (ctx: Ctx) => Promise<void>, env: Record<string, string> = {}) {
  const zammad = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users: USERS, tickets });
  const runtime = await startLocalRuntime({
    env: { DEFAULT_REGION: 'DE', ZAMMAD_URL: zammad.url, ZAMMAD_CTI_TOKEN: CTI_TOKEN, ZAMMAD_API_TOKEN: API_TOKEN, ...env },
  });
  try {
    await body({ zammad, runtime });
  } finally {
    await runtime.close();
    await zammad.close();
  }
}

/** What the shipped flow does: report the call (newCall reaches Zammad), then ask for the agents. */
async function lookUp(runtime: LocalRuntime, from = CALLER) {
  const sid = callSid();
  const started = await runtime.twilioPost('/studio/events', { event: 'started', CallSid: sid, From: from, To: OUR_NUMBER });
  expect(started.status).toBe(200);
  const res = await runtime.twilioPost('/studio/agents', { CallSid: sid, From: from, To: OUR_NUMBER });
  expect(res.status).toBe(200);
  return (await res.json()) as { owner: { id: string; name: string; number: string } | null; agents: Array<{ id: string }>; numbers: string };
}

describe('ticket owner first, looked up in Zammad', () => {
  it('names the owner of the caller\'s most recently updated open ticket, and puts them first', async () => {
    const tickets = [
      ticket(1, 2, 'open', '2026-11-20T10:00:00Z'),
      ticket(2, 3, 'pending reminder', '2026-11-22T10:00:00Z'),
      ticket(3, 2, 'closed', '2026-11-23T08:00:00Z'),
    ];
    await withZammad(tickets, async ({ runtime }) => {
      const answer = await lookUp(runtime);
      expect(answer.owner).toEqual({ id: 'zammad-3', name: 'Ben Agent', number: '+49302222222' });
      expect(answer.agents.map((a) => a.id)).toEqual(['zammad-3', 'zammad-2']);
      expect(answer.numbers).toBe('+49302222222,+49301111111');
    });
  });

  it('skips unassigned tickets, and owners who cannot take calls now', async () => {
    const tickets = [
      ticket(1, 1, 'new', '2026-11-23T10:00:00Z'),
      ticket(2, 4, 'open', '2026-11-22T10:00:00Z'),
    ];
    await withZammad(tickets, async ({ runtime }) => {
      expect((await lookUp(runtime)).owner).toBeNull();
    });
  });

  it('has no owner for a caller Zammad does not know, or one with only closed tickets', async () => {
    await withZammad([ticket(1, 2, 'closed', '2026-11-23T10:00:00Z')], async ({ runtime }) => {
      expect((await lookUp(runtime)).owner).toBeNull();
      expect((await lookUp(runtime, '+4940555000')).owner).toBeNull();
    });
  });

  it('does not look when TICKET_OWNER_FIRST is off', async () => {
    await withZammad([ticket(1, 2, 'open', '2026-11-23T10:00:00Z')], async ({ runtime }) => {
      expect((await lookUp(runtime)).owner).toBeNull();
    }, { TICKET_OWNER_FIRST: 'off' });
  });

  it('answers without an owner, not with an error, when Zammad is down', async () => {
    await withZammad([ticket(1, 2, 'open', '2026-11-23T10:00:00Z')], async ({ runtime, zammad }) => {
      const sid = callSid();
      await runtime.twilioPost('/studio/events', { event: 'started', CallSid: sid, From: CALLER, To: OUR_NUMBER });
      zammad.setOutage({ kind: 'status', status: 503 });
      const res = await runtime.twilioPost('/studio/agents', { CallSid: sid, From: CALLER, To: OUR_NUMBER });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ owner: null, count: 2 });
    });
  });
});
