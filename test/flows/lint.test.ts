/** The flow lint: a clean flow passes, and each kind of mistake is named with its widget. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { functionPathMap, functionPathOf, listFunctionPaths, type FunctionPaths } from '../../scripts/flows/function-paths';
import { listFlowNames, readFlowFile } from '../../scripts/flows/flow-files';
import { formatProblem, validateFlow, type FlowProblem } from '../../scripts/flows/lint';
import { stableJson } from '../../scripts/flows/stable-json';
import { FIXTURE_FUNCTIONS, fixtureJson, fixtureText } from './helpers';

const functionPaths: FunctionPaths = new Map(FIXTURE_FUNCTIONS.map((fn) => [fn.path, fn.visibility ?? 'protected']));

interface State {
  name: string;
  type: string;
  transitions: Array<Record<string, unknown>>;
  properties: Record<string, unknown>;
}

/** A fresh copy of the clean fixture, changed by `edit`. */
function flowWith(edit: (flow: { states: State[]; [key: string]: unknown }) => void): unknown {
  const flow = fixtureJson('inbound.json') as { states: State[] };
  edit(flow);
  return flow;
}

function state(flow: { states: State[] }, name: string): State {
  const found = flow.states.find((s) => s.name === name);
  if (!found) throw new Error(`fixture has no widget ${name}`);
  return found;
}

const lint = (definition: unknown): FlowProblem[] => validateFlow(definition, { functionPaths });
const messages = (definition: unknown): string[] => lint(definition).map(formatProblem);

describe('validateFlow', () => {
  it('passes the clean fixture, which is also in the stable form flows:pull writes', () => {
    expect(lint(fixtureJson('inbound.json'))).toEqual([]);
    expect(stableJson(fixtureJson('inbound.json'))).toBe(fixtureText('inbound.json'));
  });

  it('catches a transition to a widget that does not exist', () => {
    const flow = flowWith((f) => {
      const next = state(f, 'get_agents').transitions.find((t) => t.event === 'fail');
      if (next) next.next = 'apologize';
    });
    expect(lint(flow)).toContainEqual({
      widget: 'get_agents',
      message: 'the "fail" transition goes to "apologize", which is not a widget',
    });
  });

  it('catches an unknown widget type', () => {
    const flow = flowWith((f) => {
      state(f, 'apologise').type = 'say-something';
    });
    expect(messages(flow)).toContainEqual(expect.stringMatching(/^widget "apologise": unknown widget type "say-something"/));
  });

  it('catches a widget no transition reaches', () => {
    const flow = flowWith((f) => {
      f.states.push({
        name: 'orphan',
        type: 'say-play',
        transitions: [{ event: 'audioComplete' }],
        properties: { say: 'nobody hears this', offset: { x: 0, y: 0 } },
      });
    });
    expect(lint(flow)).toEqual([{ widget: 'orphan', message: 'no transition from the trigger "Trigger" reaches it' }]);
  });

  it('catches a run-function that calls a Function path that does not exist', () => {
    const flow = flowWith((f) => {
      Object.assign(state(f, 'get_agents').properties, {
        url: 'https://__DOMAIN__/studio/agent',
        function_sid: '__FUNCTION_SID:/studio/agent__',
      });
    });
    expect(messages(flow)).toEqual([
      'widget "get_agents": properties.url: there is no Function /studio/agent in functions/',
      'widget "get_agents": __FUNCTION_SID:/studio/agent__ names no Function in functions/',
    ]);
  });

  it('catches a run-function that calls a private Function', () => {
    const flow = flowWith((f) => {
      Object.assign(state(f, 'get_agents').properties, {
        url: 'https://__DOMAIN__/lib/secret',
        function_sid: '__FUNCTION_SID:/lib/secret__',
      });
    });
    expect(messages(flow)).toEqual([
      'widget "get_agents": properties.url: /lib/secret is a private Function, which nothing outside the service can call; make it .protected',
    ]);
  });

  it('catches a function_sid placeholder that names another Function than the url, and hard-coded SIDs', () => {
    const flow = flowWith((f) => {
      Object.assign(state(f, 'get_agents').properties, {
        function_sid: '__FUNCTION_SID:/studio/events__',
        service_sid: `ZS${'1'.repeat(32)}`,
      });
    });
    expect(messages(flow)).toEqual([
      'widget "get_agents": properties.service_sid must be __SERVICE_SID__',
      'widget "get_agents": properties.function_sid must be __FUNCTION_SID:/studio/agents__, the Function the url calls',
    ]);
  });

  it('catches a Function URL elsewhere (a voicemail callback) that names no Function', () => {
    const flow = flowWith((f) => {
      state(f, 'take_message').properties.recording_status_callback_url = 'https://__DOMAIN__/voice/recordings';
    });
    expect(messages(flow)).toEqual([
      'widget "take_message": properties.recording_status_callback_url: there is no Function /voice/recordings in functions/',
    ]);
  });

  it('catches Liquid that does not parse, and Liquid that reads a widget that does not exist', () => {
    const flow = flowWith((f) => {
      state(f, 'apologise').properties.say = 'Sorry {% if widgets.get_agents.parsed.count == 0 %}nobody is free';
      state(f, 'any_agents').properties.input = '{{widgets.get_agent.parsed.count}}';
    });
    const found = messages(flow);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(
      'widget "any_agents": properties.input: Liquid reads widgets.get_agent, but there is no widget "get_agent"',
    );
    expect(found[1]).toMatch(/^widget "apologise": properties\.say: Liquid does not parse: tag \{% if .* not closed/);
  });

  it('checks Liquid in transition conditions and rejects namespaces Studio does not have', () => {
    const flow = flowWith((f) => {
      const match = state(f, 'any_agents').transitions.find((t) => t.event === 'match');
      if (match) match.conditions = [{ friendly_name: 'x', arguments: ['{{ widget.get_agents.parsed.count }}'], type: 'equal_to', value: '0' }];
    });
    expect(messages(flow)).toEqual([
      'widget "any_agents": transitions[1].conditions[0].arguments[0]: Liquid reads "widget", which is not a Studio variable (flow, trigger, widgets, contact)',
    ]);
  });

  it('checks the flow shape: top-level keys, initial_state, the trigger and its incomingCall', () => {
    expect(messages({ states: [], initial_state: 'Trigger', extra: 1 })).toEqual([
      'the flow has no "description"',
      'the flow has no "flags"',
      'the flow has an unknown key "extra" (Studio\'s are description, states, initial_state, flags)',
      'the flow has no trigger widget',
      '"initial_state" names "Trigger", which is not a widget',
    ]);
    const notTrigger = flowWith((f) => {
      f.initial_state = 'get_agents';
    });
    expect(messages(notTrigger)).toEqual(['"initial_state" names "get_agents", a run-function widget, not the trigger']);
    const silent = flowWith((f) => {
      state(f, 'Trigger').transitions = [{ event: 'incomingCall' }];
    });
    expect(messages(silent)[0]).toBe('the trigger "Trigger" has no incomingCall transition to a widget, so calls do nothing');
    expect(messages('[]')).toEqual(['the flow definition must be a JSON object']);
  });

  it('checks names, events and required properties of widgets', () => {
    const flow = flowWith((f) => {
      state(f, 'apologise').transitions.push({ event: 'keypress', next: 'take_message' });
      delete state(f, 'ring_agents').properties.to;
      state(f, 'report_ended').name = 'get_agents';
      f.states.push({ name: 'bad name', type: 'say-play', transitions: [], properties: { play: 'x.mp3' } });
    });
    const found = messages(flow);
    expect(found).toEqual(
      expect.arrayContaining([
        'widget "get_agents": the name is used by more than one widget',
        'widget "apologise": a say-play widget has no event "keypress" (it has: audioComplete)',
        'widget "ring_agents": a connect-call-to widget needs properties.to',
        'widget "bad name": the name may only hold letters, digits and underscores',
      ]),
    );
  });

  it('reports placeholders that are none of ours', () => {
    const flow = flowWith((f) => {
      state(f, 'apologise').properties.say = 'Call us at __SUPPORT_NUMBER__';
    });
    expect(messages(flow)).toEqual([
      'unknown placeholder __SUPPORT_NUMBER__ (known: __DOMAIN__, __SERVICE_SID__, __ENVIRONMENT_SID__, __FUNCTION_SID:/path__)',
    ]);
  });
});

describe("this repository's flows", () => {
  // The flow files the project deploys must pass the lint against the project's own functions/.
  const root = join(__dirname, '../..');
  const names = listFlowNames(root);
  const repoFunctions = functionPathMap(listFunctionPaths(join(root, 'functions')));

  it.each(names.length ? names : ['(none yet)'])('studio-flows/%s.json passes the lint', (name) => {
    if (!names.length) return;
    const file = readFlowFile(join(root, 'studio-flows', `${name}.json`));
    expect(validateFlow(file.definition, { functionPaths: repoFunctions }).map(formatProblem)).toEqual([]);
  });
});

describe('Function paths, as twilio-run derives them', () => {
  it('strips .ts, .protected and .private, keeps folders, and turns whitespace into -', () => {
    expect(functionPathOf('studio/agents.protected.ts')).toEqual({ path: '/studio/agents', visibility: 'protected', file: 'studio/agents.protected.ts' });
    expect(functionPathOf('lib/secret.private.ts')).toMatchObject({ path: '/lib/secret', visibility: 'private' });
    expect(functionPathOf('agents/state.ts')).toMatchObject({ path: '/agents/state', visibility: 'public' });
    expect(functionPathOf('call me.ts')).toMatchObject({ path: '/call-me' });
    expect(functionPathOf('types.d.ts')).toBeUndefined();
    expect(functionPathOf('README.md')).toBeUndefined();
  });

  it('lists every Function of a functions/ folder, sorted by path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'functions-'));
    try {
      for (const file of ['voice/incoming.protected.ts', 'studio/agents.protected.ts', 'lib/secret.private.ts', 'agents/state.ts', 'notes.md']) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), '');
      }
      expect(listFunctionPaths(dir).map((fn) => `${fn.path} ${fn.visibility}`)).toEqual([
        '/agents/state public',
        '/lib/secret private',
        '/studio/agents protected',
        '/voice/incoming protected',
      ]);
      expect(functionPathMap(listFunctionPaths(join(dir, 'missing'))).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("knows this repository's own Studio Function", () => {
    const paths = functionPathMap(listFunctionPaths(join(__dirname, '../../functions')));
    expect(paths.get('/studio/agents')).toBe('protected');
  });
});
