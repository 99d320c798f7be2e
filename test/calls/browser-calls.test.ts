import { AgentRegistry, type Agent } from '../../src/agents';
import { BrowserCalls } from '../../src/calls/browser-calls';
import { CallStore, type CallItem } from '../../src/calls/call-store';
import { OutboundCalls } from '../../src/calls/outbound-calls';
import { Outbox, type PendingCall } from '../../src/calls/outbox';
import { QueuedDials, type QueuedDial } from '../../src/softphone/queued-dials';
import { anAgent } from '../support/agent-mother';
import { memoryMaps, type MemoryMaps } from '../support/memory-maps';

const CUSTOMER = '+254722999999';
const LINE = '+254711000000';
const sid = (n: number) => 'CA' + String(n).padStart(32, '0');

describe('calls placed from the browser', () => {
  let sync: MemoryMaps;
  let calls: CallStore;
  let agents: AgentRegistry;
  let browser: BrowserCalls;
  const now = () => new Date('2026-12-06T10:00:00Z');
  const dial = (n: number, agentId: string | null = 'alice', number = CUSTOMER) => ({ callId: sid(n), carrier: 'twilio', agentId, number, callerId: LINE });

  beforeEach(async () => {
    sync = memoryMaps(() => now().getTime());
    const agentMap = sync.map<Agent>('agents');
    for (const id of ['alice', 'bob']) await agentMap.create(id, anAgent({ id }));
    agents = new AgentRegistry(agentMap);
    calls = new CallStore((id) => sync.map<CallItem>(`call-${id}`), 3600);
    const outbox = new Outbox(calls, [], sync.map<PendingCall>('outbox-pending'));
    browser = new BrowserCalls({
      agents,
      outbound: new OutboundCalls({ agents, calls, outbox, now }),
      queued: new QueuedDials(sync.map<QueuedDial>('softphones-dials')),
      policy: { allowedCountries: ['KE'], blockedPrefixes: [] },
      now,
    });
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('dials an allowed number for an agent, who is busy on it from then on, and records an outbound call', async () => {
    expect(await browser.place(dial(1), { helpdesk: 'freshdesk', id: '42' })).toEqual({ kind: 'dial-customer', callId: sid(1), agentId: 'alice', customerNumber: CUSTOMER, callerId: LINE });
    expect((await agents.get('alice'))?.status).toMatchObject({ kind: 'busy', callId: sid(1) });
    const record = await calls.get(sid(1));
    expect(record).toMatchObject({ direction: 'out', from: LINE, to: CUSTOMER, originTicket: { helpdesk: 'freshdesk', id: '42' }, ring: { offered: ['alice'] } });
    expect(record!.events).toMatchObject([{ type: 'started', direction: 'out', offeredTo: [{ agentId: 'alice' }] }]);
  });

  it('gives the same answer to a repeated webhook for the same call, with one started event', async () => {
    await browser.place(dial(1));
    expect((await browser.place(dial(1))).kind).toBe('dial-customer');
    expect((await calls.get(sid(1)))!.events).toHaveLength(1);
  });

  it('never books one agent on two calls, however close together they come', async () => {
    const answers = await Promise.all([browser.place(dial(1)), browser.place(dial(2, 'alice', '+254722999998'))]);
    expect(answers.map((a) => a.kind).sort()).toEqual(['dial-customer', 'refuse']);
    const refused = answers.findIndex((a) => a.kind === 'refuse');
    expect(answers[refused]).toEqual({ kind: 'refuse', reason: 'you are already on a call' });
    expect(await calls.get(sid(refused + 1))).toBeUndefined();
  });

  it.each([
    ['an unknown agent', dial(1, 'mallory'), 'you are not signed in as an agent here'],
    ['no identity', dial(1, null), 'you are not signed in as an agent here'],
    ['a country not allowed', dial(1, 'alice', '+14155550100'), 'calls to US are not allowed (allowed: KE)'],
  ])('refuses %s and records nothing', async (_label, request, reason) => {
    expect(await browser.place(request)).toEqual({ kind: 'refuse', reason });
    expect(await calls.get(sid(1))).toBeUndefined();
    expect((await agents.get('alice'))?.status).toEqual({ kind: 'idle' });
  });

  describe('with the number queued first', () => {
    it('dials the queued number once, on the ticket it was queued with', async () => {
      await browser.queue('alice', CUSTOMER, { helpdesk: 'freshdesk', id: '42' });
      expect((await browser.placeQueued(dial(1))).kind).toBe('dial-customer');
      expect((await calls.get(sid(1)))?.originTicket).toEqual({ helpdesk: 'freshdesk', id: '42' });
      await browser.placeQueued(dial(1)).then((d) => expect(d).toEqual({ kind: 'refuse', reason: 'the softphone did not ask for this call first' }));
    });

    it('refuses when nothing is queued, or another number is, or another agent queued it', async () => {
      expect(await browser.placeQueued(dial(1))).toEqual({ kind: 'refuse', reason: 'the softphone did not ask for this call first' });
      await browser.queue('alice', CUSTOMER, null);
      expect(await browser.placeQueued(dial(2, 'alice', '+254722999998'))).toEqual({ kind: 'refuse', reason: `the softphone asked to call ${CUSTOMER}, not this number` });
      await browser.queue('alice', CUSTOMER, null);
      expect((await browser.placeQueued(dial(3, 'bob'))).kind).toBe('refuse');
      expect(await calls.get(sid(3))).toBeUndefined();
    });
  });
});
