import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface State {
  name: string;
  type: string;
  properties: { url?: string };
}

const flow = JSON.parse(readFileSync(join(__dirname, '../../studio-flows/inbound.json'), 'utf8')) as { states: State[] };

describe('the shipped Studio flow', () => {
  // The flow asked /studio/agents whether the line is open; a second check at the hand-over could
  // close the line on a caller the flow had just let through (a call at 16:59:59).
  it('tells /voice/incoming at every hand-over that it already checked the hours', () => {
    const handOvers = flow.states.filter((s) => s.type === 'add-twiml-redirect' && s.properties.url?.includes('/voice/incoming'));
    expect(handOvers.map((s) => s.name).sort()).toEqual(['route_call', 'route_owner_first']);
    for (const state of handOvers) {
      expect(new URL(state.properties.url!.replace('__DOMAIN__', 'example.com')).searchParams.get('hours')).toBe('checked');
    }
  });
});
