/**
 * Recording media as Twilio serves it: `GET /2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}` with `.wav` or `.mp3`
 * gives the audio (audio/x-wav, audio/mpeg), behind the account's Basic auth as with media auth on. A recording's
 * RecordingUrl (what Twilio's callbacks carry) names it without an extension. The emulator cannot transcode: a format
 * it was not given is 404 / 20404, as for an unknown recording.
 */
import { notFound } from './errors';
import { newSid } from './sids';

export interface RecordingAudio {
  /** The audio served as .mp3 (audio/mpeg). */
  mp3?: Buffer;
  /** The audio served as .wav (audio/x-wav). */
  wav?: Buffer;
}

export interface AddedRecording {
  sid: string;
  /** The RecordingUrl Twilio would send: https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid} */
  url: string;
}

const MEDIA_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Recordings\/(RE[0-9a-fA-F]{32})\.(mp3|wav)$/;
const MIME = { mp3: 'audio/mpeg', wav: 'audio/x-wav' } as const;

export class RecordingMediaStore {
  private readonly recordings = new Map<string, { accountSid: string; audio: RecordingAudio }>();

  add(accountSid: string, audio: RecordingAudio): AddedRecording {
    const sid = newSid('RE');
    this.recordings.set(sid, { accountSid, audio: { mp3: audio.mp3 && Buffer.from(audio.mp3), wav: audio.wav && Buffer.from(audio.wav) } });
    return { sid, url: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${sid}` };
  }

  /** The media request's account, or undefined when the path is no recording media path. */
  static accountOf(path: string): string | undefined {
    return MEDIA_PATH.exec(path)?.[1];
  }

  /** The audio for a media path (whose account has been checked), or Twilio's 404. */
  media(method: string, path: string): { status: number; body: Buffer; headers: Record<string, string> } {
    const match = MEDIA_PATH.exec(path);
    const [, accountSid, sid, format] = match ?? [];
    const stored = sid ? this.recordings.get(sid) : undefined;
    const bytes = stored && stored.accountSid === accountSid ? stored.audio[format as 'mp3' | 'wav'] : undefined;
    if (method !== 'GET' || !bytes) throw notFound(path);
    return { status: 200, body: bytes, headers: { 'Content-Type': MIME[format as 'mp3' | 'wav'] } };
  }
}
