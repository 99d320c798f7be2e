import { createServer, type Server } from 'node:http';
import { atSessionId } from './at-callbacks';

/** A call the system placed through Africa's Talking's Voice API (`POST /call`). */
export interface AtPlacedCall {
  username: string;
  from: string;
  /** The one number this session calls (AT answers one entry, with its own session, per number). */
  to: string;
  sessionId: string;
  /** Real time of the request. */
  atMs: number;
}

/** A WebRTC capability token request (`POST /capability-token/request`), as the fake received it. */
export interface AtTokenRequest {
  body: Record<string, unknown>;
  token: string;
}

/** What the simulator reads of the Voice API the system calls. */
export interface AtVoiceApiView {
  url: string;
  calls(): AtPlacedCall[];
}

export interface AtVoiceApi extends AtVoiceApiView {
  /** The capability tokens handed out, with what was asked. */
  tokenRequests(): AtTokenRequest[];
  close(): Promise<void>;
}

/**
 * Africa's Talking's Voice API `POST /call` on loopback, as its docs and the official SDK use it
 * (the tests use it too): form-encoded username, from, to (a
 * comma list), the key in the `apikey` header; 401 for another key; one Queued entry with a
 * session id per number. The simulator then plays each session (AT_API_URL points the SDK here).
 */
export async function startAtVoiceApi(apiKey: string): Promise<AtVoiceApi> {
  const placed: AtPlacedCall[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && path === '/capability-token/request') return capabilityToken(req.headers.apikey, body, reply);
      if (req.method !== 'POST' || path !== '/call') return reply(404, { errorMessage: 'Not found' });
      if (req.headers.apikey !== apiKey) return reply(401, { errorMessage: 'The supplied authentication is invalid' });
      const form = new URLSearchParams(body);
      const to = (form.get('to') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (to.length === 0 || !form.get('from') || !form.get('username')) return reply(400, { errorMessage: 'username, from and to are required' });
      const entries = to.map((phoneNumber) => {
        const sessionId = atSessionId();
        placed.push({ username: form.get('username') ?? '', from: form.get('from') ?? '', to: phoneNumber, sessionId, atMs: Date.now() });
        return { phoneNumber, status: 'Queued', sessionId };
      });
      reply(200, { entries, errorMessage: 'None' });
    });
  });
  /**
   * The WebRTC host's token request as the official Java SDK sends it (JSON: username,
   * clientName, phoneNumber, incoming, outgoing, expire "<n>s"; the key in `apiKey`), answered
   * with its response's fields. The real service is another host; AT_WEBRTC_URL points here.
   */
  const tokens: AtTokenRequest[] = [];
  const capabilityToken = (key: unknown, raw: string, reply: (status: number, json: unknown) => void) => {
    if (key !== apiKey) return reply(401, { errorMessage: 'The supplied authentication is invalid' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply(400, { errorMessage: 'the body must be JSON' });
    }
    const { username, clientName, phoneNumber, expire = '86400s' } = body as Record<string, string>;
    if (!username || !clientName || !phoneNumber) return reply(400, { errorMessage: 'username, clientName and phoneNumber are required' });
    if (/\s/.test(clientName)) return reply(400, { errorMessage: 'clientName must not contain spaces' });
    const lifetime = /^(\d+)s$/.exec(String(expire));
    if (!lifetime) return reply(400, { errorMessage: 'expire must be seconds such as "86400s"' });
    const token = `ATCAPtkn_${atSessionId()}`;
    tokens.push({ body, token });
    reply(200, { clientName, incoming: body.incoming !== 'false', outgoing: body.outgoing !== 'false', lifeTimeSec: lifetime[1], token });
  };
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...placed],
    tokenRequests: () => [...tokens],
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
