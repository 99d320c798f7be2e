import { simulateInProcess, type EntryOf, type SimulationResult } from '../../scripts/simulator';
import { startLocalRuntime } from '../../scripts/local/local-runtime';
import { scenario } from './helpers';

const notes = (result: SimulationResult) => result.entries.filter((e): e is EntryOf<'note'> => e.kind === 'note').map((e) => e.text);

describe('a called number\'s line in the transcript', () => {
  it('names the line and its team, and the team is who rings', async () => {
    const LINES = JSON.stringify({ lines: { '+14155550000': { name: 'Demo support', team: 'nobody-here', voicemail: 'on', wrapUp: 20 } } });
    const result = await simulateInProcess(scenario({ call: { from: '+14155550999', to: '+14155550000' }, env: { LINES } }), startLocalRuntime);
    expect(notes(result)).toContain('line Demo support: team nobody-here rings; voicemail on, wrap-up 20 s');
    // The demo agents are in no team, so the line's team has nobody: straight to voicemail, where the caller leaves a message.
    expect(result.summary.rang).toEqual([]);
    expect(result.summary.missedReason).toBe('voicemail');
  });

  it('says nothing of lines for a number without one', async () => {
    const result = await simulateInProcess(scenario({ call: { from: '+14155550999', to: '+14155550000' }, caller: { hangUpAfter: 3 } }), startLocalRuntime);
    expect(notes(result).filter((n) => n.startsWith('line '))).toEqual([]);
  });
});
