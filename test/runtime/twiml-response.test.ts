import { join } from 'node:path';
import twilio from 'twilio';
import { defineFunction, twiml } from '../../src/runtime/define-function';

// The runtime's own pieces, as `twilio-run start --no-fork-process` uses them (the package exports no path to them).
const RUNTIME = join(__dirname, '../../node_modules/@twilio/runtime-handler/dist/dev-runtime');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const route = require(join(RUNTIME, 'route')) as { isTwiml(o: unknown): boolean; handleSuccess(o: unknown, res: unknown): void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Response: RuntimeResponse } = require(join(RUNTIME, 'internal/response')) as { Response: new () => unknown };

/** What the runtime's express response was told. */
function fakeExpressResponse() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const res = {
    status: (s: number) => ((sent.status = s), res),
    set: (h: Record<string, string>) => (Object.assign(sent.headers, h), res),
    type: (t: string) => ((sent.headers['Content-Type'] = t), res),
    send: (b: unknown) => ((sent.body = b), res),
  };
  return { res, sent };
}

const ENV = { ACCOUNT_SID: 'AC' + '0'.repeat(32), AUTH_TOKEN: 'auth-token-1234', DASHBOARD_TOKEN: 'dashboard-token-1234', SYNC_SERVICE_SID: 'IS' + '0'.repeat(32), PATH: '/voice/test' };

describe('TwiML Functions answer text/xml whichever copy of twilio the runtime has', () => {
  beforeAll(() => {
    (globalThis as { Twilio?: unknown }).Twilio = { Response: RuntimeResponse };
  });
  afterAll(() => {
    delete (globalThis as { Twilio?: unknown }).Twilio;
  });

  it('the runtime does not recognise our VoiceResponse as TwiML (its bundled twilio is another copy)', () => {
    expect(route.isTwiml(new twilio.twiml.VoiceResponse())).toBe(false);
  });

  it('a Function built on defineFunction hands the runtime an XML Response it sends as it is', async () => {
    const handler = defineFunction(
      () => undefined,
      () => {
        const response = new twilio.twiml.VoiceResponse();
        response.say('Hello & welcome');
        response.hangup();
        return twiml(response);
      },
    );
    const result = await new Promise<unknown>((resolve, reject) =>
      handler(ENV as never, {} as never, (error, value) => (error ? reject(error) : resolve(value))),
    );
    expect(result).toBeInstanceOf(RuntimeResponse);
    const { res, sent } = fakeExpressResponse();
    route.handleSuccess(result, res);
    expect(sent.status).toBe(200);
    expect(sent.headers['Content-Type']).toBe('text/xml');
    expect(sent.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello &amp; welcome</Say><Hangup/></Response>');
  });
});
