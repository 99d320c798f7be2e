/** Placeholders in, deployment values out, and back; the stable JSON form. */
import {
  domainUrlPaths,
  dummyValues,
  fillPlaceholders,
  MissingFunctionError,
  placeholdersIn,
  restorePlaceholders,
  unknownSidsIn,
  type DeploymentValues,
} from '../../scripts/flows/placeholders';
import { sameJson, sortKeys, stableJson } from '../../scripts/flows/stable-json';
import { fixtureJson } from './helpers';

const values: DeploymentValues = {
  domain: 'helpdesk-voice-4821-dev.twil.io',
  serviceSid: `ZS${'a'.repeat(32)}`,
  environmentSid: `ZE${'b'.repeat(32)}`,
  functionSids: new Map([
    ['/studio/agents', `ZH${'1'.repeat(32)}`],
    ['/studio/events', `ZH${'2'.repeat(32)}`],
  ]),
};

describe('placeholders', () => {
  it('fills every placeholder in string values and leaves Liquid alone', () => {
    const filled = fillPlaceholders(
      {
        url: 'https://__DOMAIN__/studio/agents',
        function_sid: '__FUNCTION_SID:/studio/agents__',
        both: '__SERVICE_SID__/__ENVIRONMENT_SID__',
        liquid: '{{widgets.get_agents.parsed.count}}',
        list: ['https://__DOMAIN__/studio/events?x=1', 3, null],
      },
      values,
    );
    expect(filled).toEqual({
      url: 'https://helpdesk-voice-4821-dev.twil.io/studio/agents',
      function_sid: `ZH${'1'.repeat(32)}`,
      both: `ZS${'a'.repeat(32)}/ZE${'b'.repeat(32)}`,
      liquid: '{{widgets.get_agents.parsed.count}}',
      list: ['https://helpdesk-voice-4821-dev.twil.io/studio/events?x=1', 3, null],
    });
  });

  it('refuses a Function path the deployment does not have', () => {
    expect(() => fillPlaceholders({ a: '__FUNCTION_SID:/nope__', b: '__FUNCTION_SID:/studio/agents__' }, values)).toThrow(
      new MissingFunctionError(['/nope']),
    );
  });

  it('restores exactly what it filled, for the whole fixture flow', () => {
    const flow = fixtureJson('inbound.json');
    expect([...placeholdersIn(flow).functionPaths].sort()).toEqual(['/studio/agents', '/studio/events']);
    const filled = fillPlaceholders(flow, values);
    expect(JSON.stringify(filled)).not.toMatch(/__[A-Z_]+/);
    expect(restorePlaceholders(filled, values)).toEqual(flow);
  });

  it('restores the domain only where it is the whole host name', () => {
    const restored = restorePlaceholders(
      {
        a: 'https://helpdesk-voice-4821-dev.twil.io/x',
        b: 'https://xhelpdesk-voice-4821-dev.twil.io/x',
        c: 'https://helpdesk-voice-4821-dev.twil.io.example.com/x',
        d: 'helpdesk-voice-4821-dev.twil.io',
      },
      values,
    );
    expect(restored).toEqual({
      a: 'https://__DOMAIN__/x',
      b: 'https://xhelpdesk-voice-4821-dev.twil.io/x',
      c: 'https://helpdesk-voice-4821-dev.twil.io.example.com/x',
      d: '__DOMAIN__',
    });
  });

  it('finds SIDs it cannot restore, Function URL paths and unknown placeholders', () => {
    expect(unknownSidsIn({ a: `ZH${'9'.repeat(32)}`, b: `ZS${'a'.repeat(32)} and FW${'1'.repeat(32)}` })).toEqual([
      `ZH${'9'.repeat(32)}`,
      `ZS${'a'.repeat(32)}`,
    ]);
    expect([...domainUrlPaths(fixtureJson('inbound.json'))].sort()).toEqual([
      '/studio/agents',
      '/studio/events',
      '/voice/recording',
      '/voice/transcription',
    ]);
    expect(placeholdersIn({ a: '__DOMIAN__ __DOMAIN__ __FUNCTION_SID:/a__ __init__' })).toEqual({
      functionPaths: new Set(['/a']),
      unknown: new Set(['__DOMIAN__']),
    });
  });

  it('gives well-formed stand-in values for the online validator', () => {
    const dummy = dummyValues(['/b', '/a']);
    expect(dummy.serviceSid).toMatch(/^ZS[0-9a-f]{32}$/);
    expect(dummy.environmentSid).toMatch(/^ZE[0-9a-f]{32}$/);
    expect([...dummy.functionSids]).toEqual([
      ['/a', `ZH${'0'.repeat(31)}1`],
      ['/b', `ZH${'0'.repeat(31)}2`],
    ]);
  });
});

describe('stable JSON', () => {
  it('sorts keys at every depth, keeps array order, indents by two and ends with a newline', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }, 'x'], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      },\n      "x"\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('is idempotent and blind to the key order it is given', () => {
    const shuffled = { states: [{ type: 't', name: 'n' }], description: 'd' };
    const text = stableJson(shuffled);
    expect(stableJson(JSON.parse(text))).toBe(text);
    expect(stableJson({ description: 'd', states: [{ name: 'n', type: 't' }] })).toBe(text);
    expect(sameJson(shuffled, sortKeys(shuffled))).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});
