import { startFakeZammad, type FakeZammad, type FakeZammadTicket, type FakeZammadUser } from '../../scripts/fake-zammad';
import { zammadAgent as user } from '../support/zammad-agents';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { AtSession, atSessionId } from '../support/fake-africastalking';
import { callSid, numbersOf, TwilioCall } from '../support/twilio-call';
import { only, parseXml } from '../support/twiml';

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

describe('ticket owner first on calls that come straight in (no Studio flow)', () => {
  const ownerTickets = [ticket(1, 3, 'open', '2026-11-22T10:00:00Z')];
  const dialed = async (runtime: LocalRuntime, from = CALLER) => {
    const dial = only(await new TwilioCall(runtime, from, OUR_NUMBER).incoming(), 'Dial');
    return { numbers: numbersOf(dial).map((n) => n.text), timeout: dial.attrs.timeout };
  };

  it('rings the owner alone on a direct Twilio call, finding the caller by number in the users search', async () => {
    await withZammad(ownerTickets, async ({ runtime }) => {
      expect(await dialed(runtime)).toEqual({ numbers: ['+49302222222'], timeout: '15' });
    });
  });

  it('rings the owner alone first on an Africa\'s Talking call', async () => {
    const secret = 'at-callback-secret';
    await withZammad(ownerTickets, async ({ runtime }) => {
      const post = (params: Record<string, string>) =>
        fetch(`${runtime.baseUrl}/africastalking/voice?key=${secret}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
        });
      const plan = parseXml(await (await new AtSession(post, atSessionId(), CALLER, OUR_NUMBER).start()).text());
      expect(only(plan, 'Dial').attrs.phoneNumbers).toBe('+49302222222');
    }, { AT_USERNAME: 'helpdesk', AT_API_KEY: 'at-api-key', AT_PHONE_NUMBER: OUR_NUMBER, AT_CALLBACK_SECRET: secret });
  });

  it('counts only users whose phone or mobile is the caller\'s number, not text that merely contains its digits', async () => {
    // Ben owns a ticket of someone whose login happens to hold Clara's digits; Clara herself is gone.
    await withZammad([{ ...ticket(1, 3, 'open', '2026-11-22T10:00:00Z'), customer_id: 51 }], async ({ runtime, zammad }) => {
      zammad.setUsers([...USERS.filter((u) => u.id !== 50), user(51, 'x301234567', { lastname: 'Lookalike', permissions: ['ticket.customer'] })]);
      expect((await dialed(runtime)).numbers.sort()).toEqual(['+49301111111', '+49302222222']);
    });
  });

  it('rings everyone when TICKET_OWNER_FIRST is off, or Zammad does not answer', async () => {
    await withZammad(ownerTickets, async ({ runtime }) => {
      expect((await dialed(runtime)).numbers.sort()).toEqual(['+49301111111', '+49302222222']);
    }, { TICKET_OWNER_FIRST: 'off' });
    await withZammad(ownerTickets, async ({ runtime, zammad }) => {
      zammad.setOutage({ kind: 'status', status: 503 });
      expect((await dialed(runtime)).numbers).toHaveLength(2);
    });
  });
});
