import type { EntryOf, SimulationResult } from '../../scripts/simulator';
import { standInAudio } from '../../scripts/simulator/record';
import { playShipped } from './helpers';

const landed = (result: SimulationResult) =>
  result.entries.filter((e): e is EntryOf<'note'> => e.kind === 'note' && e.text.startsWith('zammad: ')).map((e) => e.text);

describe('scenarios with a Zammad', () => {
  it('voicemail to a Zammad ticket: the transcript shows the one ticket and its article, the recording attached', async () => {
    const result = await playShipped('zammad-voicemail.yaml');
    expect(result.mismatches).toEqual([]);
    const [ticket, ...rest] = landed(result);
    expect(rest).toEqual([]);
    expect(ticket).toMatch(/^zammad: new ticket #\d+ "Voicemail from Carla Customer" for Carla Customer \(group 1\), phone article: /);
    expect(ticket).toContain('Transcript: Please call me back about my order 1234.');
    expect(ticket).toContain(`Call id: ${result.callIds[0]}`);
    // The bytes the Calls API emulator served for the 14 s the caller spoke.
    expect(ticket).toMatch(new RegExp(`attached RE[0-9a-f]{32}\\.mp3 \\(audio/mpeg, ${standInAudio(14).length} bytes\\)$`));
  });
});
