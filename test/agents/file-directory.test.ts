import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentsFileError, parseAgentsFile } from '../../src/agents';

describe('agents file', () => {
  it('reads the shipped example: three agents with E.164 numbers', () => {
    const json = JSON.parse(readFileSync(join(__dirname, '../../agents.example.json'), 'utf8'));
    const entries = parseAgentsFile(json, 'US');
    expect(entries).toHaveLength(3);
    for (const { profile } of entries) {
      for (const number of profile.phoneNumbers) expect(number).toMatch(/^\+[1-9]\d{6,14}$/);
    }
  });

  it('normalises national numbers with the default region and fills defaults', () => {
    const [entry] = parseAgentsFile({ agents: [{ id: 'k1', name: 'Wanjiru', phoneNumbers: ['0712 345678'] }] }, 'KE');
    expect(entry.profile).toEqual({
      id: 'k1',
      name: 'Wanjiru',
      phoneNumbers: ['+254712345678'],
      helpdeskIds: {},
      atClientName: null,
      phoneSwitch: true,
      languages: [],
      teams: [],
      email: null,
      outOfOffice: null,
    });
    expect(entry.initialPresence).toBe('available');
  });

  it.each([
    ['a bad number', { agents: [{ id: 'x', name: 'X', phoneNumbers: ['12'] }] }, /agents\.0\.phoneNumbers/],
    ['a duplicate id', { agents: [{ id: 'x', name: 'X' }, { id: 'x', name: 'Y' }] }, /unique/],
    ['an id with a slash', { agents: [{ id: 'a/b', name: 'X' }] }, /agents\.0\.id/],
    ['an unknown presence', { agents: [{ id: 'x', name: 'X', presence: 'lunch' }] }, /agents\.0\.presence/],
    ['an inverted out-of-office window', { agents: [{ id: 'x', name: 'X', outOfOffice: { start: '2026-02-02', end: '2026-02-01' } }] }, /start must be before end/],
    ['no agents list', { people: [] }, /agents/],
    ['a language that is not a language tag', { agents: [{ id: 'x', name: 'X', languages: ['en', 'Français!'] }] }, /agents\.0\.languages\.1 must be a language tag/],
  ])('rejects %s with a message naming the field', (_label, json, message) => {
    expect(() => parseAgentsFile(json, 'US', 'agents.json')).toThrow(AgentsFileError);
    expect(() => parseAgentsFile(json, 'US', 'agents.json')).toThrow(message);
  });
});
