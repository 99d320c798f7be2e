import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowError, LimitError, loadScenario, ScenarioError, simulate, UnsupportedTwimlError, WebhookError } from '../../scripts/simulator';
import { ROOT } from '../../scripts/local/local-runtime';
import { bareTarget, scenario, twimlServer } from './helpers';

/** Plays a call whose Voice URL answers `twiml`, with alice answering at once and pressing 1. */
async function playTwiml(twiml: Record<string, string>, extra: Record<string, unknown> = {}) {
  const server = await twimlServer(twiml);
  const target = await bareTarget(server.url);
  try {
    return await simulate(scenario({ call: { from: '+14155550999', to: '+14155550000', voiceUrl: '/start', statusCallback: null }, agents: { alice: { answerAfter: 1, press: '1' } }, ...extra }), target);
  } finally {
    await server.close();
    await target.voiceApi.close();
  }
}

describe('what the simulator cannot play fails loudly', () => {
  it('an unsupported verb, naming it', async () => {
    const run = playTwiml({ '/start': '<Response><Say>Hi</Say><Connect><Stream url="wss://example.com/s"/></Connect></Response>' });
    await expect(run).rejects.toThrow(UnsupportedTwimlError);
    await expect(playTwiml({ '/start': '<Response><Connect/></Response>' })).rejects.toThrow(/<Connect> \(from http:\/\/127\.0\.0\.1:\d+\/start\) is not a verb the simulator plays/);
  });

  it('an unsupported noun or a behaviour-changing attribute, naming it', async () => {
    await expect(playTwiml({ '/start': '<Response><Dial><Conference>room</Conference></Dial></Response>' })).rejects.toThrow(/<Conference> inside <Dial>/);
    await expect(playTwiml({ '/start': '<Response><Dial record="record-from-answer"><Number>+14155550101</Number></Dial></Response>' })).rejects.toThrow(/record="record-from-answer" is not simulated/);
    await expect(playTwiml({ '/start': '<Response><Gather input="speech"><Say>Say something</Say></Gather></Response>' })).rejects.toThrow(/input="speech"/);
    await expect(playTwiml({ '/start': '<Response><Dial><Number machineDetection="Enable">+14155550101</Number></Dial></Response>' })).rejects.toThrow(/machineDetection of <Number> is not simulated/);
  });

  it('a verb Twilio does not allow in a whisper', async () => {
    const run = playTwiml({
      '/start': '<Response><Dial><Number url="/whisper">+14155550101</Number></Dial></Response>',
      '/whisper': '<Response><Dial><Number>+14155550102</Number></Dial></Response>',
    });
    await expect(run).rejects.toThrow(/<Dial> \(from .*\/whisper\) is not allowed in a <Number url> whisper/);
  });

  it('an application error: a webhook answering 404 or not TwiML', async () => {
    await expect(playTwiml({})).rejects.toThrow(WebhookError);
    await expect(playTwiml({ '/start': '<html>hello</html>' })).rejects.toThrow(/without a single <Response> root/);
  });

  it('a TwiML loop, after at most 500 webhooks', async () => {
    await expect(playTwiml({ '/start': '<Response><Redirect>/start</Redirect></Response>' })).rejects.toThrow(LimitError);
  });

  it('plays relative URLs against the document that named them, signed', async () => {
    const server = await twimlServer({
      '/app/start': '<Response><Gather numDigits="1" action="next"><Say>Press 1.</Say></Gather></Response>',
      '/app/next': '<Response><Hangup/></Response>',
    });
    const target = await bareTarget(server.url);
    try {
      const result = await simulate(scenario({ call: { from: '+14155550999', to: '+14155550000', voiceUrl: '/app/start', statusCallback: null }, caller: { press: '1' } }), target);
      expect(server.requests.map((r) => [r.path, r.form.get('Digits'), r.form.get('CallStatus')])).toEqual([
        ['/app/start', null, 'ringing'],
        ['/app/next', '1', 'in-progress'],
      ]);
      expect(server.requests.every((r) => typeof r.signature === 'string' && r.signature.length > 20)).toBe(true);
      expect(result.summary.callStatus).toBe('completed');
    } finally {
      await server.close();
      await target.voiceApi.close();
    }
  });
});

describe('Studio flows the simulator cannot run fail loudly, naming the widget', () => {
  const broken = async (widget: unknown) => {
    const target = await bareTarget('http://127.0.0.1:9');
    try {
      return await simulate(
        scenario({ call: { from: '+14155550999', to: '+14155550000', studio: { flow: 'broken.json', placeholders: { BROKEN_WIDGET: JSON.stringify(widget) } } } }),
        target,
      );
    } finally {
      await target.voiceApi.close();
    }
  };

  it('an unknown widget type', async () => {
    await expect(broken({ name: 'first', type: 'send-to-flex', transitions: [], properties: { workflow: 'WW1' } })).rejects.toThrow(FlowError);
    await expect(broken({ name: 'first', type: 'send-to-flex', transitions: [], properties: {} })).rejects.toThrow(/widget "first" has type "send-to-flex", which the simulator does not run/);
  });

  it('a transition to a widget that does not exist', async () => {
    await expect(broken({ name: 'first', type: 'say-play', transitions: [{ event: 'audioComplete', next: 'nowhere' }], properties: { say: 'Hi' } })).rejects.toThrow(
      /widget "first": its "audioComplete" transition goes to "nowhere", which is not a widget of this flow/,
    );
  });

  it('a missing required property', async () => {
    await expect(broken({ name: 'first', type: 'connect-call-to', transitions: [], properties: { noun: 'number' } })).rejects.toThrow(/widget "first" \(connect-call-to\) is missing the property to/);
    await expect(broken({ name: 'first', type: 'say-play', transitions: [], properties: {} })).rejects.toThrow(/missing the property say or play or digits/);
  });

  it('a split condition type it does not know', async () => {
    const split = { name: 'first', type: 'split-based-on', transitions: [{ event: 'match', conditions: [{ arguments: ['x'], type: 'sounds_like', value: 'y' }] }], properties: { input: 'x' } };
    await expect(broken(split)).rejects.toThrow(/widget "first" \(split-based-on\) condition 1: the condition type "sounds_like"/);
  });
});

describe('a bad scenario fails with the path of the bad field', () => {
  const write = (name: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('names every bad field', () => {
    const file = write(
      'bad.yaml',
      ['call:', '  from: "4155550999"', '  to: "+14155550000"', 'caller:', '  hangUpAfter: soon', 'agents:', '  alice:', '    anwserAfter: 3', '    busy: true', '    neverAnswer: true'].join('\n'),
    );
    let error: unknown;
    try {
      loadScenario(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const paths = (error as ScenarioError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['call.from', 'caller.hangUpAfter', 'agents.alice.anwserAfter', 'agents.alice.busy']));
    expect((error as Error).message).toMatch(/agents\.alice\.anwserAfter: is not a scenario field/);
  });

  it('names an agent the system does not have', async () => {
    const target = await bareTarget('http://127.0.0.1:9');
    try {
      await expect(simulate(scenario({ call: { from: '+14155550999', to: '+14155550000' }, agents: { zed: { answerAfter: 1 } } }), target)).rejects.toThrow(/agents\.zed: no agent with this id in the system \(it has alice\)/);
    } finally {
      await target.voiceApi.close();
    }
  });

  it('makes the CLI exit 1 with the message', () => {
    const file = write('bad.json', JSON.stringify({ call: { from: '+14155550999', to: '+14155550000' }, caller: { press: 12 } }));
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/simulate.ts', file], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/caller\.press: must be keys/);
  });
});
