/** Recording media as Twilio serves it: …/Recordings/{Sid}.mp3 or .wav, behind the account's Basic auth. */
import { startVoiceApiEmulator, type VoiceApiEmulator } from '../../scripts/voice-api-emulator';
import { ACCOUNT_SID, AUTH_TOKEN } from '../support/emulator-http';

const MP3 = Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 1, 2, 3]);
const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Voice API emulator: recording media', () => {
  let emulator: VoiceApiEmulator;

  beforeAll(async () => {
    emulator = await startVoiceApiEmulator({ credentials: { username: ACCOUNT_SID, password: AUTH_TOKEN } });
  });

  afterAll(async () => {
    await emulator.close();
  });

  const get = (path: string, authorization = basic(ACCOUNT_SID, AUTH_TOKEN)) => fetch(`${emulator.url}${path}`, { headers: { Authorization: authorization } });

  it('names a recording by the RecordingUrl Twilio sends and serves each format it was given with its type', async () => {
    const { sid, url } = emulator.addRecording({ mp3: MP3, wav: WAV });
    expect(sid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${sid}`);
    const path = new URL(url).pathname;
    const mp3 = await get(`${path}.mp3`);
    expect(mp3.status).toBe(200);
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await mp3.arrayBuffer()).equals(MP3)).toBe(true);
    const wav = await get(`${path}.wav`);
    expect(wav.headers.get('content-type')).toBe('audio/x-wav');
    expect(Buffer.from(await wav.arrayBuffer()).equals(WAV)).toBe(true);
  });

  it('answers wrong credentials 401 and an unknown recording, a missing format or another account 404 / 20404', async () => {
    const { url } = emulator.addRecording({ mp3: MP3 });
    const path = new URL(url).pathname;
    expect((await get(`${path}.mp3`, basic(ACCOUNT_SID, 'wrong'))).status).toBe(401);
    const missing = await get(`${path}.wav`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 20404 });
    expect((await get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE${'0'.repeat(32)}.mp3`)).status).toBe(404);
    expect((await get(path.replace(ACCOUNT_SID, `AC${'f'.repeat(32)}`) + '.mp3')).status).toBe(404);
  });

  it('takes a recording over the control API (base64) as addRecording does, and refuses one without audio', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/_emulator/recordings`, { method: 'POST', headers: { Authorization: basic(ACCOUNT_SID, AUTH_TOKEN), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ mp3: MP3.toString('base64') });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { sid: string; url: string };
    const served = await get(`${new URL(url).pathname}.mp3`);
    expect(Buffer.from(await served.arrayBuffer()).equals(MP3)).toBe(true);
    const refused = await post({});
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 20001 });
  });
});
