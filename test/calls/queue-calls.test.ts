import { AgentRegistry, type Agent } from '../../src/agents';
import type { AgentDialer, AgentOffer } from '../../src/calls/agent-dialer';
import { CallStore, type CallItem } from '../../src/calls/call-store';
import { Outbox, type PendingCall } from '../../src/calls/outbox';
import { QueueCalls, type QueueOffer } from '../../src/calls/queue-calls';
import { TwilioCallError } from '../../src/carriers/twilio/twilio-agent-dialer';
import { TWILIO_PROFILE } from '../../src/carriers/twilio/profile';
import { anAgent } from '../support/agent-mother';
import { memoryMaps, type MemoryMaps } from '../support/memory-maps';

/** A dialer that records offers and has one caller at the front of the queue. */
class FakeDialer implements AgentDialer {
  readonly carrier = 'twilio' as const;
  readonly offers: AgentOffer[] = [];
  constructor(public front: string | null) {}
  async call(offer: AgentOffer): Promise<string> {
    this.offers.push(offer);
    return `CA${String(this.offers.length).padStart(32, '0')}`;
  }
  async frontOfQueue(): Promise<string | null> {
    return this.front;
  }
}

describe('QueueCalls offer slot', () => {
  let sync: MemoryMaps;
  let clock: number;
  let queue: QueueCalls;
  const callId = 'CA' + 'c'.repeat(32);

  beforeEach(async () => {
    sync = memoryMaps();
    clock = Date.parse('2026-11-23T12:00:00Z');
    const agentMap = sync.map<Agent>('agents');
    for (const id of ['alice', 'bob']) await agentMap.create(id, anAgent({ id }));
    const calls = new CallStore((id) => sync.map<CallItem>(`call-${id}`), 3600);
    queue = new QueueCalls({
      agents: new AgentRegistry(agentMap),
      profile: TWILIO_PROFILE,
      lineFor: () => ({ team: null, wrapUpSeconds: 0 }),
      calls,
      outbox: new Outbox(calls, [], sync.map<PendingCall>('outbox-pending')),
      queue: sync.map<QueueOffer>('queue-support'),
      settings: { queueName: 'support', agentTimeoutSeconds: 15, maxWaitSeconds: 300, voicemail: true, voicemailMaxLengthSeconds: 120 },
      refreshAgents: async () => undefined,
      now: () => new Date(clock),
    });
  });

  it('offers one agent at a time, and the next only after the first offer ended and a second passed', async () => {
    const dialer = new FakeDialer(null);
    await queue.enqueue({ callId, carrier: 'twilio', direction: 'in', from: '+14155550999', to: '+14155550000' }, dialer);
    dialer.front = callId;
    await queue.dispatch(dialer);
    await queue.dispatch(dialer);
    expect(dialer.offers.map((o) => o.agentId)).toEqual(['alice']);

    await queue.offerEnded(callId, 'alice', false, dialer);
    expect(dialer.offers).toHaveLength(1);
    clock += 1000;
    await queue.dispatch(dialer);
    expect(dialer.offers.map((o) => o.agentId)).toEqual(['alice', 'bob']);
  });

  it('reopens a slot whose closing callback never came, once it is well past its ring time', async () => {
    const dialer = new FakeDialer(null);
    await queue.enqueue({ callId, carrier: 'twilio', direction: 'in', from: '+14155550999', to: '+14155550000' }, dialer);
    dialer.front = callId;
    await queue.dispatch(dialer);
    clock += 60_000;
    await queue.dispatch(dialer);
    expect(dialer.offers).toHaveLength(1);
    clock += 16_000;
    await queue.dispatch(dialer);
    expect(dialer.offers).toHaveLength(2);
  });

  it('keeps a waiting caller waiting when the carrier refuses to ring the next agent, and offers again on a later cycle', async () => {
    const dialer = new FakeDialer(null);
    await queue.enqueue({ callId, carrier: 'twilio', direction: 'in', from: '+14155550999', to: '+14155550000' }, dialer);
    dialer.front = callId;
    const refusing = Object.assign(Object.create(dialer) as FakeDialer, {
      call: async () => {
        throw new TwilioCallError('Account suspended', 20005);
      },
    });
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(queue.waiting(callId, 1, 10, 0, refusing)).resolves.toMatchObject({ kind: 'wait', position: 1 });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('Account suspended'));
    } finally {
      logged.mockRestore();
    }
    clock += 1000;
    await queue.waiting(callId, 1, 20, 0, dialer);
    expect(dialer.offers.map((o) => o.agentId)).toEqual(['alice']);
  });
});
