import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import type { SoftphoneBeat } from '../../src/softphone/softphone-presence';
import { createTwilioClient, SyncItemMap } from '../../src/store';
import { clientsOf, numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs } from '../support/twiml';

const ALICE = '+14155550101';
const BOB = '+14155550102';

type Beat = { agentId: string; changed: boolean; signedIn: boolean };

async function link(runtime: LocalRuntime, agentId: string): Promise<Record<string, string>> {
  const res = await runtime.dashboard(`/softphone/link?agentId=${agentId}`);
  return Object.fromEntries(new URL(((await res.json()) as { url: string }).url).searchParams);
}

async function heartbeat(runtime: LocalRuntime, agentId: string, extra: Record<string, string> = {}): Promise<Beat> {
  const res = await fetch(`${runtime.baseUrl}/softphone/heartbeat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...(await link(runtime, agentId)), ...extra }).toString(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Beat;
}

async function state(runtime: LocalRuntime, agentId: string) {
  const { agents } = (await (await runtime.dashboard('/agents/state')).json()) as { agents: Array<Record<string, unknown>> };
  return agents.find((a) => a.id === agentId)!;
}

const dialed = (dial: ReturnType<typeof only>) => dial.children.map((c) => `${c.name}:${c.text}`);

describe('a signed-in softphone is rung alongside the phone (SOFTPHONE_RING=both)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: { SOFTPHONE_RING: 'both' } });
  });
  afterAll(() => runtime.close());

  it('writes one heartbeat item per beat and never the agent map', async () => {
    runtime.stack.emulator.resetStats();
    expect(await heartbeat(runtime, 'alice')).toEqual({ agentId: 'alice', changed: true, signedIn: true });
    expect(await heartbeat(runtime, 'alice')).toEqual({ agentId: 'alice', changed: false, signedIn: true });
    const stats = runtime.stack.emulator.stats();
    expect(stats[runtime.stack.runtime.SYNC_AGENT_MAP]?.writes ?? 0).toBe(0);
    expect(stats[runtime.stack.runtime.SYNC_SOFTPHONE_MAP]).toMatchObject({ writes: 2, rejected: 0 });
    expect(await state(runtime, 'alice')).toMatchObject({ softphoneSignedIn: true, available: true });
  });

  it('rings <Client>alice</Client> with her number and the others, and she accepts in the browser with the whisper', async () => {
    await heartbeat(runtime, 'alice');
    const call = new TwilioCall(runtime);
    const dial = only(await call.incoming(), 'Dial');
    expect(dialed(dial)).toEqual(['Client:alice', `Number:${ALICE}`, `Number:${BOB}`]);
    const [browser] = clientsOf(dial);
    const whisper = await call.pickUp(browser);
    expect(verbs(whisper)).toEqual(['Gather', 'Hangup']);
    expect(verbs(await call.press(whisper, browser, '1'))).toEqual([]);
    // Her phone's leg, canceled when the browser took the call, frees nobody and answers nothing.
    await call.legStatus(numbersOf(dial)[0], 'canceled');
    const record = await runtime.callRecord(call.sid);
    expect(record?.answer).toMatchObject({ agentId: 'alice', number: 'client:alice' });
    expect(((await runtime.agents()).get('alice')?.status as { kind: string }).kind).toBe('busy');
    await call.legStatus(browser, 'completed');
    await call.status('completed');
    expect(((await runtime.agents()).get('alice')?.status as { kind: string }).kind).toBe('idle');
  });
});

describe('REQUIRE_SIGN_IN=on rings only agents whose softphone beat within 90 s', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: { REQUIRE_SIGN_IN: 'on' } });
  });
  afterAll(() => runtime.close());

  it('leaves out an agent whose last heartbeat is 91 s old, and one who closed the page', async () => {
    const { stack } = runtime;
    const client = createTwilioClient({ accountSid: stack.runtime.ACCOUNT_SID, authToken: stack.functionEnv.AUTH_TOKEN, syncApiUrl: stack.emulator.url });
    const map = new SyncItemMap<SoftphoneBeat>(client, stack.runtime.SYNC_SERVICE_SID, stack.runtime.SYNC_SOFTPHONE_MAP);
    // Bob's page beat 91 s ago and has been silent since (the test writes the beat it would have left).
    await map.create('bob', { lastSeen: new Date(Date.now() - 91_000).toISOString(), carrier: 'twilio' });
    await heartbeat(runtime, 'alice');

    expect(await state(runtime, 'bob')).toMatchObject({ softphoneSignedIn: false, available: false, unavailableReason: 'not-signed-in' });
    const first = new TwilioCall(runtime);
    expect(dialed(only(await first.incoming(), 'Dial'))).toEqual(['Client:alice']);
    await first.status('completed');

    expect(await heartbeat(runtime, 'alice', { state: 'offline' })).toEqual({ agentId: 'alice', changed: true, signedIn: false });
    const second = new TwilioCall(runtime);
    expect(verbs(await second.incoming())).toEqual(['Say', 'Record', 'Say', 'Hangup']);
  });
});

describe('queue offers reach a signed-in softphone', () => {
  it('offers the queued caller to the browser (a REST call to client:alice) and she takes the caller with the whisper', async () => {
    const runtime = await startLocalRuntime({ env: { ROUTING_MODE: 'queue' } });
    try {
      await heartbeat(runtime, 'alice');
      const voiceApi = runtime.stack.voiceApi;
      const inbound = voiceApi.addInboundCall({ from: '+14155550999', to: '+14155550000' });
      const call = new TwilioCall(runtime, inbound.from, inbound.to, inbound.sid);
      const enqueue = only(await call.incoming(), 'Enqueue');
      voiceApi.enqueue(enqueue.text, call.sid);
      await call.twiml(enqueue.attrs.waitUrl, { CallSid: call.sid, QueuePosition: '1', QueueTime: '3', AvgQueueTime: '0', CurrentQueueSize: '1' });
      const [offer] = voiceApi.calls().filter((c) => c.direction === 'outbound-api');
      expect(offer.to).toBe('client:alice');
      const path = (url: string | null) => new URL(url!).pathname + new URL(url!).search;
      const whisper = await call.twiml(path(offer.url), { CallSid: offer.sid, From: offer.from, To: offer.to, CallStatus: 'in-progress', Direction: 'outbound-api' });
      const accept = await call.twiml(only(whisper, 'Gather').attrs.action, { CallSid: offer.sid, To: offer.to, Digits: '1' });
      expect(only(only(accept, 'Dial'), 'Queue').text).toBe(enqueue.text);
    } finally {
      await runtime.close();
    }
  });
});
