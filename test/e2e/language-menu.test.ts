import type { LocalRuntime } from '../../scripts/local/local-runtime';
import { withAgentsRuntime, type FileAgent } from '../support/agents-file';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, type XmlElement } from '../support/twiml';

const ALICE = '+14155550101';
const BOB = '+14155550102';
const CAROL = '+14155550103';

const team: FileAgent[] = [
  { id: 'alice', number: ALICE, languages: ['en'] },
  { id: 'bob', number: BOB, languages: ['fr', 'en'] },
  { id: 'carol', number: CAROL, languages: ['en-GB'] },
];

function withRuntime(env: Record<string, string>, body: (rt: LocalRuntime) => Promise<void>, agents = team) {
  return withAgentsRuntime(agents, { LANGUAGES: 'en-US,fr-FR', ...env }, body);
}

function handOver(call: TwilioCall, query: string): Promise<Response> {
  return call.post(`/voice/incoming?${query}`, { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'in-progress', Direction: 'inbound' });
}

const ringing = (dial: XmlElement) => numbersOf(dial).map((n) => n.text);

describe('the Studio language menu (LANGUAGES, /voice/incoming?languageKey)', () => {
  it('offers the menu from /studio/agents, in each language\'s words', async () => {
    await withRuntime({}, async (runtime) => {
      const res = await runtime.twilioPost('/studio/agents', { From: '+14155550999', To: '+14155550000' });
      const body = (await res.json()) as { languageMenu: string; languages: unknown[] };
      expect(body.languageMenu).toBe('For English, press 1. Pour le français, appuyez sur 2.');
      expect(body.languages).toEqual([
        { key: '1', language: 'en-US', name: 'English' },
        { key: '2', language: 'fr-FR', name: 'français' },
      ]);
    });
  });

  it('has no menu with one language or none', async () => {
    await withRuntime({ LANGUAGES: '' }, async (runtime) => {
      const res = await runtime.twilioPost('/studio/agents', { From: '+14155550999', To: '+14155550000' });
      expect(await res.json()).toMatchObject({ languageMenu: '', languages: [] });
    });
  });

  it('rings the agents who speak the chosen language, then the others', async () => {
    await withRuntime({}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const french = only(await call.twiml('/voice/incoming?languageKey=2', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' }), 'Dial');
      expect(ringing(french)).toEqual([BOB]);
      expect((await runtime.callRecord(call.sid))?.language).toBe('fr-FR');
      const others = only(await call.dialResult(french, 'no-answer'), 'Dial');
      expect(ringing(others)).toEqual([ALICE, CAROL]);
    });
  });

  it('rings everyone for English (every agent speaks it), for no choice, and for a key the menu does not offer', async () => {
    await withRuntime({}, async (runtime) => {
      for (const query of ['languageKey=1', 'languageKey=', 'languageKey=7']) {
        const call = new TwilioCall(runtime);
        const dial = only(await call.twiml(`/voice/incoming?${query}`, { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' }), 'Dial');
        expect({ query, ringing: ringing(dial) }).toEqual({ query, ringing: [ALICE, BOB, CAROL] });
      }
    });
  });

  it('falls back to everyone when no speaker of the language can take the call', async () => {
    await withRuntime({}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = only(await call.twiml('/voice/incoming?languageKey=2', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' }), 'Dial');
      expect(ringing(dial)).toEqual([ALICE, CAROL]);
    }, [team[0], { ...team[1], presence: 'away' }, team[2]]);
  });

  it('the owner still rings first, then the speakers', async () => {
    await withRuntime({}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const solo = only(await call.twiml('/voice/incoming?languageKey=2&preferAgent=carol', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' }), 'Dial');
      expect(ringing(solo)).toEqual([CAROL]);
      expect(ringing(only(await call.dialResult(solo, 'no-answer'), 'Dial'))).toEqual([BOB]);
    });
  });

  it('offers a queued caller to speakers first', async () => {
    await withRuntime({ ROUTING_MODE: 'queue' }, async (runtime) => {
      const voiceApi = runtime.stack.voiceApi;
      const inbound = voiceApi.addInboundCall({ from: '+14155550999', to: '+14155550000' });
      const call = new TwilioCall(runtime, inbound.from, inbound.to, inbound.sid);
      const enqueue = only(await call.twiml('/voice/incoming?languageKey=2', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' }), 'Enqueue');
      voiceApi.enqueue('support', call.sid);
      await call.twiml(enqueue.attrs.waitUrl, { CallSid: call.sid, QueuePosition: '1', QueueTime: '3', AvgQueueTime: '0', CurrentQueueSize: '1' });
      expect(voiceApi.calls().filter((c) => c.direction === 'outbound-api').map((c) => c.to)).toEqual([BOB]);
    });
  });

  it('refuses a languageKey that is not one key with 400, keeping no call', async () => {
    await withRuntime({}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const res = await handOver(call, 'languageKey=french');
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/languageKey must be the one key/);
      expect(await runtime.callRecord(call.sid)).toBeUndefined();
    });
  });
});
