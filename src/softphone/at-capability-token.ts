/**
 * Africa's Talking's WebRTC capability token, for the `africastalking-client` browser SDK. The
 * node SDK has no method for it, so this is the request the official Java SDK makes
 * (`POST capability-token/request`, JSON, the API key in the `apiKey` header), with booleans
 * and the lifetime as strings as that SDK sends them.
 */
export const AT_WEBRTC_URL = 'https://webrtc.africastalking.com';

export interface AtTokenSettings {
  username: string;
  apiKey: string;
  /** The AT number the browser's calls come from. */
  phoneNumber: string;
  ttlSeconds: number;
  /** Elsewhere than AT_WEBRTC_URL (a local fake). */
  baseUrl?: string;
}

export interface AtCapabilityToken {
  token: string;
  clientName: string;
  lifetimeSeconds: number;
}

export class AtTokenError extends Error {
  constructor(message: string) {
    super(`Africa's Talking gave no capability token: ${message}`);
    this.name = 'AtTokenError';
  }
}

/** The agent is waiting on the page for this; AT answering slower than this is as good as down. */
const TIMEOUT_MS = 5000;

export async function requestAtCapabilityToken(settings: AtTokenSettings, clientName: string): Promise<AtCapabilityToken> {
  const body = {
    username: settings.username,
    clientName,
    phoneNumber: settings.phoneNumber,
    incoming: 'true',
    outgoing: 'true',
    expire: `${settings.ttlSeconds}s`,
  };
  let res: Response;
  try {
    res = await fetch(`${settings.baseUrl ?? AT_WEBRTC_URL}/capability-token/request`, {
      method: 'POST',
      headers: { apiKey: settings.apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AtTokenError(`no answer (${(error as Error).message})`);
  }
  const text = await res.text();
  let answer: { token?: unknown; clientName?: unknown; lifeTimeSec?: unknown; errorMessage?: unknown } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // AT answers errors as JSON too; anything else is reported as its status below.
  }
  if (!res.ok || typeof answer.token !== 'string' || answer.token === '') {
    const why = typeof answer.errorMessage === 'string' ? answer.errorMessage : text.slice(0, 200);
    throw new AtTokenError(`HTTP ${res.status}${why ? `: ${why}` : ''}`);
  }
  const lifetime = Number(answer.lifeTimeSec);
  return {
    token: answer.token,
    clientName: typeof answer.clientName === 'string' ? answer.clientName : clientName,
    lifetimeSeconds: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : settings.ttlSeconds,
  };
}
