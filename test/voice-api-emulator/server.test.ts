/** Authentication, the account in the path, routing, loopback-only listening, stats and close. */
import { startVoiceApiEmulator } from '../../scripts/voice-api-emulator';
import { ACCOUNT_SID, AUTH_TOKEN, asError, call, type HttpResult } from '../support/emulator-http';
import { CALLS_PATH, callPath, startEmulator, type Started } from './helpers';

let env: Started;

beforeAll(async () => {
  env = await startEmulator({ credentials: { username: ACCOUNT_SID, password: AUTH_TOKEN } });
});

afterAll(async () => {
  await env.emulator.close();
});

function expectError(result: HttpResult, status: number, code: number): void {
  expect({ status: result.status, code: asError(result).code }).toEqual({ status, code });
}

describe('authentication and the account in the path', () => {
  it('answers 401 / 20003 with WWW-Authenticate without credentials or with wrong ones', async () => {
    const none = await env.voice.call('GET', CALLS_PATH, { auth: null });
    expectError(none, 401, 20003);
    expect(asError(none).message).toBe('Authenticate');
    expect(none.headers['www-authenticate']).toMatch(/^Basic /);
    expectError(await env.voice.call('GET', CALLS_PATH, { auth: { username: ACCOUNT_SID, password: 'wrong' } }), 401, 20003);
  });

  it("answers 404 / 20404 for another account's path or a path that names no account", async () => {
    const other = `AC${'9'.repeat(32)}`;
    expectError(await env.voice.call('GET', `/2010-04-01/Accounts/${other}/Calls.json`), 404, 20404);
    expectError(await env.voice.call('GET', '/2010-04-01/Accounts/nope/Calls.json'), 404, 20404);
  });

  it('accepts any Basic pair when no credentials are configured, and lets an API key use any account', async () => {
    const open = await startVoiceApiEmulator();
    try {
      const key = { username: `SK${'1'.repeat(32)}`, password: 'secret' };
      const other = `AC${'2'.repeat(32)}`;
      const listed = await call(open.url, 'GET', `/2010-04-01/Accounts/${other}/Calls.json`, { auth: key });
      expect(listed.status).toBe(200);
      expectError(await call(open.url, 'GET', `/2010-04-01/Accounts/${other}/Calls.json`, { auth: null }), 401, 20003);
    } finally {
      await open.close();
    }
  });
});

describe('routing', () => {
  it('answers 404 for unknown paths and non-JSON representations, 405 for unsupported methods', async () => {
    expectError(await env.voice.call('GET', '/2010-04-01/Accounts/' + ACCOUNT_SID + '/Messages.json'), 404, 20404);
    expectError(await env.voice.call('GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls`), 404, 20404);
    expectError(await env.voice.call('GET', '/v1/Services'), 404, 20404);
    expectError(await env.voice.call('DELETE', CALLS_PATH), 405, 20004);
    expectError(await env.voice.call('DELETE', callPath(`CA${'0'.repeat(32)}`)), 405, 20004);
  });

  it('counts every request in stats', async () => {
    const before = env.emulator.stats().requests;
    await env.voice.call('GET', CALLS_PATH);
    await env.voice.call('GET', CALLS_PATH, { auth: null });
    expect(env.emulator.stats().requests).toBe(before + 2);
  });
});

describe('listening', () => {
  it('refuses a host that is not loopback', async () => {
    await expect(startVoiceApiEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('names its loopback address in url, and close() can be called twice', async () => {
    const emulator = await startVoiceApiEmulator();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await Promise.all([emulator.close(), emulator.close()]);
  });
});
