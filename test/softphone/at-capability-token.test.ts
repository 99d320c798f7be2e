import { AtTokenError, requestAtCapabilityToken } from '../../src/softphone/at-capability-token';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../support/fake-africastalking';

const API_KEY = 'at-api-key';
let at: FakeAfricasTalking;

beforeAll(async () => {
  at = await startFakeAfricasTalking(API_KEY);
});
afterAll(() => at.close());

const settings = () => ({ username: 'helpdesk', apiKey: API_KEY, phoneNumber: '+254711082000', ttlSeconds: 3600, baseUrl: at.url });

describe("Africa's Talking capability token", () => {
  it('asks the WebRTC token API for the client, for incoming and outgoing calls, for the lifetime', async () => {
    const token = await requestAtCapabilityToken(settings(), 'alice');
    const asked = at.tokenRequests().at(-1)!;
    expect(asked.body).toEqual({ username: 'helpdesk', clientName: 'alice', phoneNumber: '+254711082000', incoming: 'true', outgoing: 'true', expire: '3600s' });
    expect(token).toEqual({ token: asked.token, clientName: 'alice', lifetimeSeconds: 3600 });
  });

  it('reports what AT said when it refuses the key', async () => {
    const attempt = requestAtCapabilityToken({ ...settings(), apiKey: 'wrong' }, 'alice');
    await expect(attempt).rejects.toThrow(AtTokenError);
    await expect(requestAtCapabilityToken({ ...settings(), apiKey: 'wrong' }, 'alice')).rejects.toThrow(/HTTP 401: The supplied authentication is invalid/);
  });

  it('reports an unreachable token API as an AT failure', async () => {
    await expect(requestAtCapabilityToken({ ...settings(), baseUrl: 'http://127.0.0.1:1' }, 'alice')).rejects.toThrow(/no answer/);
  });
});
