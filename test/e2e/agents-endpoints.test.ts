import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signatureFor } from '../../src/carriers/twilio/signature';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';

describe('agent endpoints through the local Functions runtime', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime();
  });
  afterAll(() => runtime.close());

  const state = async () => {
    const res = await runtime.dashboard('/agents/state');
    expect(res.status).toBe(200);
    return (await res.json()) as { agents: Array<{ id: string; presence: string; available: boolean; phoneNumbers: string[] }> };
  };

  it('serves the three demo agents with their state', async () => {
    const { agents } = await state();
    expect(agents.map((a) => [a.id, a.presence, a.available])).toEqual([
      ['alice', 'available', true],
      ['bob', 'available', true],
      ['wanjiru', 'away', false],
    ]);
    expect(agents.find((a) => a.id === 'bob')?.phoneNumbers).toEqual(['+14155550102']);
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
  ])('answers 401 with %s', async (_label, token) => {
    const res = await runtime.dashboard('/agents/state', { token });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/bearer token/);
    const presence = await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'alice', presence: 'away' }, token });
    expect(presence.status).toBe(401);
    expect((await state()).agents.find((a) => a.id === 'alice')?.presence).toBe('available');
  });

  it('changes presence and shows it in the state', async () => {
    const res = await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'bob', presence: 'away' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: { presence: string } }).agent.presence).toBe('away');
    expect((await state()).agents.find((a) => a.id === 'bob')).toMatchObject({ presence: 'away', available: false });
    await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'bob', presence: 'available' } });
  });

  it.each([
    [{ presence: 'away' }, 400, /agentId/],
    [{ agentId: 'alice' }, 400, /presence/],
    [{ agentId: 'alice', presence: 'lunch' }, 400, /one of available, away, offline/],
    [{ agentId: 'nobody', presence: 'away' }, 404, /no agent/],
  ])('rejects %o with %i and changes nothing', async (form, status, message) => {
    const before = await state();
    const res = await runtime.dashboard('/agents/presence', { method: 'POST', form: form as Record<string, string> });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    expect((await state()).agents).toEqual(before.agents);
  });
});

describe('protected Functions check X-Twilio-Signature locally as Twilio does deployed', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime();
  });
  afterAll(() => runtime.close());

  it('answers a signed Studio request with the agents to ring, the caller excluded', async () => {
    const res = await runtime.twilioPost('/studio/agents', { From: '(415) 555-0101', CallSid: 'CA' + '1'.repeat(32) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      open: true,
      closedReason: null,
      count: 1,
      agents: [{ id: 'bob', name: 'Bob Demo', number: '+14155550102' }],
      numbers: '+14155550102',
      // No helpdesk to ask and no LANGUAGES here.
      owner: null,
      languageMenu: '',
      languages: [],
    });
  });

  it.each([
    ['unsigned', null],
    ['signed with another token', 'bm90LWEtc2lnbmF0dXJl'],
  ])('answers 403 to an %s request', async (_label, signature) => {
    const res = await runtime.twilioPost('/studio/agents', { From: '+14155550100' }, { signature });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/X-Twilio-Signature/);
  });

  it('answers 403 when a parameter was changed after signing', async () => {
    const url = runtime.baseUrl + '/studio/agents';
    const signature = signatureFor(runtime.stack.runtime.AUTH_TOKEN, url, { From: '+14155550100' });
    const res = await runtime.twilioPost('/studio/agents', { From: '+14155550101' }, { signature });
    expect(res.status).toBe(403);
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('checks signatures against the public URL Twilio called, not the local one', async () => {
    const runtime = await startLocalRuntime({ env: { PUBLIC_BASE_URL: 'https://voice.example.com' } });
    try {
        const params = { From: '+14155550100' };
      const token = runtime.stack.runtime.AUTH_TOKEN;
      const local = await runtime.twilioPost('/studio/agents', params);
      expect(local.status).toBe(403);
      const publicSig = signatureFor(token, 'https://voice.example.com/studio/agents', params);
      const viaTunnel = await runtime.twilioPost('/studio/agents', params, { signature: publicSig });
      expect(viaTunnel.status).toBe(200);
    } finally {
      await runtime.close();
    }
  });
});

describe('agent state lives in the Sync store', () => {
  it('keeps a presence change across a restart, and seeding does not overwrite it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-voice-restart-'));
    try {
      const first = await startLocalRuntime({ dataDir });
      try {
        const res = await first.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'alice', presence: 'offline' } });
        expect(res.status).toBe(200);
      } finally {
        await first.close();
      }
      const second = await startLocalRuntime({ dataDir });
      try {
        expect(second.stack.seeded.created).toEqual([]);
        const { agents } = (await (await second.dashboard('/agents/state')).json()) as { agents: Array<{ id: string; presence: string }> };
        expect(agents.find((a) => a.id === 'alice')?.presence).toBe('offline');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
