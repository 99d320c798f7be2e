import { LinesError, lineFor, parseLines } from '../../src/routing/lines';
import type { LineDefaults } from '../../src/routing/lines';

const DEFAULTS: LineDefaults = { routingMode: 'ring-all', ringTimeoutSeconds: 20, preferredRingSeconds: 15, voicemail: true, team: null, wrapUpSeconds: 0, languages: ['en-US'] };
const LINES = parseLines(
  JSON.stringify({ lines: { '+14155550100': { name: 'Sales', team: 'sales', voicemail: 'off', wrapUp: 30, languages: ['en-US', 'fr-FR'] }, '+14155550200': { routingMode: 'queue' } } }),
  'test',
);

describe('lines', () => {
  it.each([
    ['a listed line with its own settings', '+14155550100', { name: 'Sales', team: 'sales', voicemail: false, wrapUpSeconds: 30, ringTimeoutSeconds: 20, routingMode: 'ring-all', languages: ['en-US', 'fr-FR'] }],
    ['a listed line takes the defaults for what it leaves out', '+14155550200', { name: '+14155550200', team: null, voicemail: true, routingMode: 'queue', languages: ['en-US'] }],
    ['a number not listed is the default line', '+14155550300', { name: 'default', team: null, voicemail: true, routingMode: 'ring-all', wrapUpSeconds: 0 }],
  ])('%s', (_name, number, expected) => {
    expect(lineFor(LINES, number, DEFAULTS)).toMatchObject({ number, ...expected });
  });

  it.each([
    ['not JSON', '{', /lines \(LINES\): /],
    ['a number not in E.164', JSON.stringify({ lines: { '4155550100': {} } }), /lines\.4155550100 must be a called number in E\.164/],
    ['an unknown setting', JSON.stringify({ lines: { '+14155550100': { ringtimeout: 5 } } }), /ringtimeout/],
    ['a ring time out of range', JSON.stringify({ lines: { '+14155550100': { ringTimeout: 1 } } }), /ringTimeout/],
    ['a language twice', JSON.stringify({ lines: { '+14155550100': { languages: ['fr-FR', 'FR-fr'] } } }), /languages must not list a language twice/],
    ['something that is no language', JSON.stringify({ lines: { '+14155550100': { languages: ['french!'] } } }), /languages must be language tags/],
  ])('refuses %s, naming where', (_name, json, message) => {
    expect(() => parseLines(json, 'LINES')).toThrow(LinesError);
    expect(() => parseLines(json, 'LINES')).toThrow(message);
  });
});
