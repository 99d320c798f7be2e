import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** A call placed through the fake Voice API, as Africa's Talking received it. */
export interface AtPlacedCall {
  username: string;
  from: string;
  to: string[];
  apiKey: string | undefined;
  sessionId: string;
}

export interface FakeAfricasTalking {
  /** The Voice API base URL (what AT_API_URL points the SDK at). */
  url: string;
  calls(): AtPlacedCall[];
  close(): Promise<void>;
}

export const atSessionId = () => `ATVId_${randomBytes(16).toString('hex')}`;

/**
 * Africa's Talking's Voice API `POST /call` as its docs and SDK describe it: form-encoded
 * username/from/to, the key in the `apikey` header, entries with a Queued session per number.
 */
export async function startFakeAfricasTalking(apiKey: string): Promise<FakeAfricasTalking> {
  const placed: AtPlacedCall[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== '/call') return reply(404, { errorMessage: 'Not found' });
      const key = req.headers.apikey as string | undefined;
      if (key !== apiKey) return reply(401, { errorMessage: 'The supplied authentication is invalid' });
      const form = new URLSearchParams(body);
      const to = (form.get('to') ?? '').split(',').filter(Boolean);
      const entries = to.map((phoneNumber) => {
        const sessionId = atSessionId();
        placed.push({ username: form.get('username') ?? '', from: form.get('from') ?? '', to, apiKey: key, sessionId });
        return { phoneNumber, status: 'Queued', sessionId };
      });
      reply(200, { entries, errorMessage: 'None' });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...placed],
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/**
 * One Africa's Talking call session as its voice callback sees it: the first request
 * (isActive=1), notifications after input or when the dialled party answers, and the final
 * notice (isActive=0) with duration, cause and cost.
 */
export class AtSession {
  constructor(
    private readonly post: (params: Record<string, string>) => Promise<Response>,
    readonly sessionId: string,
    readonly callerNumber: string,
    readonly destinationNumber: string,
    readonly direction: 'Inbound' | 'Outbound' = 'Inbound',
  ) {}

  private base(isActive: '0' | '1'): Record<string, string> {
    return {
      isActive,
      sessionId: this.sessionId,
      direction: this.direction,
      callerNumber: this.callerNumber,
      destinationNumber: this.destinationNumber,
      callerCountryCode: 'KE',
      callerCarrierName: 'Safaricom',
      callStartTime: '2026-11-23+12:00:00',
    };
  }

  start(): Promise<Response> {
    return this.post({ ...this.base('1'), callSessionState: 'Ringing' });
  }

  dialAnswered(destination: string): Promise<Response> {
    return this.post({ ...this.base('1'), callSessionState: 'Active', dialDestinationNumber: destination });
  }

  recorded(recordingUrl: string, seconds: number): Promise<Response> {
    return this.post({ ...this.base('1'), callSessionState: 'Active', recordingUrl, durationInSeconds: String(seconds) });
  }

  final(extra: { hangupCause: string; durationInSeconds: number; dialDestinationNumber?: string; dialDurationInSeconds?: number; recordingUrl?: string }): Promise<Response> {
    const { hangupCause, durationInSeconds, dialDestinationNumber, dialDurationInSeconds, recordingUrl } = extra;
    return this.post({
      ...this.base('0'),
      callSessionState: 'Completed',
      status: 'Success',
      hangupCause,
      durationInSeconds: String(durationInSeconds),
      currencyCode: 'KES',
      amount: '1.5000',
      ...(dialDestinationNumber ? { dialDestinationNumber, dialDurationInSeconds: String(dialDurationInSeconds ?? 0), dialStartTime: '2026-11-23+12:00:05' } : {}),
      ...(recordingUrl ? { recordingUrl } : {}),
    });
  }
}
