import { execute } from '../http/execute';
import type { BackoffPolicy } from '../store/backoff';
import type { CarrierId } from '../calls/lifecycle-event';

export interface RecordingMediaSettings {
  accountSid: string;
  authToken: string;
  /** Twilio's REST API served from elsewhere (the local Voice API emulator); unset in production. */
  twilioApiUrl?: string;
  timeoutMs: number;
  retry: BackoffPolicy;
}

/** A recording's audio, or why a helpdesk gets only its link. */
export type RecordingAudio =
  | { ok: true; bytes: Buffer; mimeType: string; filename: string }
  | { ok: false; reason: string };

const TWILIO_API = 'https://api.twilio.com';

/**
 * Downloads a voicemail's audio from the carrier that recorded it. Twilio's recording URL names
 * the recording without an extension and is behind the account's Basic auth when media auth is
 * on (sent always: it does no harm when it is off); `.mp3` asks for the small format. Africa's
 * Talking's recording URLs are public files. Only the carrier's own recording host is asked,
 * never an address a request made up.
 */
export class RecordingMedia {
  constructor(private readonly settings: RecordingMediaSettings) {}

  async fetch(carrier: CarrierId, recordingUrl: string, maxBytes: number): Promise<RecordingAudio> {
    const source = this.source(carrier, recordingUrl);
    if (!source) return { ok: false, reason: 'not a recording address of the carrier' };
    const result = await execute({
      method: 'GET',
      url: source.url,
      headers: source.headers,
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      bytes: true,
    });
    if (!result.ok) return { ok: false, reason: `the carrier did not give it (${result.error})` };
    const bytes = result.data as Buffer;
    if (bytes.length > maxBytes) return { ok: false, reason: `${bytes.length} bytes, more than the ${maxBytes} attached at most` };
    const mimeType = (result.headers.get('content-type') ?? 'audio/mpeg').split(';')[0]?.trim() || 'audio/mpeg';
    return { ok: true, bytes, mimeType, filename: filenameOf(source.url, mimeType) };
  }

  private source(carrier: CarrierId, recordingUrl: string): { url: string; headers: Record<string, string> } | null {
    let url: URL;
    try {
      url = new URL(recordingUrl);
    } catch {
      return null;
    }
    if (carrier === 'twilio') {
      if (url.origin !== TWILIO_API || !/\/Recordings\/RE[0-9a-fA-F]{32}$/.test(url.pathname)) return null;
      const base = this.settings.twilioApiUrl?.replace(/\/+$/, '') ?? TWILIO_API;
      const auth = Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`).toString('base64');
      return { url: `${base}${url.pathname}.mp3`, headers: { Authorization: `Basic ${auth}`, Accept: 'audio/*' } };
    }
    // Plain http only on loopback, where a local stand-in for the carrier serves the file.
    if (carrier === 'africastalking') return url.protocol === 'https:' || url.hostname === '127.0.0.1' ? { url: url.href, headers: { Accept: 'audio/*' } } : null;
    return null;
  }
}

function filenameOf(url: string, mimeType: string): string {
  const last = new URL(url).pathname.split('/').pop() || 'voicemail';
  if (/\.[a-z0-9]{2,4}$/i.test(last)) return last;
  return `${last}.${mimeType === 'audio/x-wav' || mimeType === 'audio/wav' ? 'wav' : 'mp3'}`;
}
