import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export type TwilioClient = twilio.Twilio;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Serve Sync from here instead of https://sync.twilio.com (the local emulator). */
  syncApiUrl?: string;
  /** Serve the 2010 REST API (Calls, Queues) from here instead of https://api.twilio.com. */
  voiceApiUrl?: string;
}

/**
 * Sends requests for some Twilio origins elsewhere and leaves every other request alone, so the
 * production code runs unchanged against the local emulators.
 */
class RedirectingClient extends twilio.RequestClient {
  constructor(private readonly origins: ReadonlyArray<[from: string, to: string]>) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const match = this.origins.find(([from]) => opts.uri.startsWith(from));
    const uri = match ? match[1] + opts.uri.slice(match[0].length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export function createTwilioClient({ accountSid, authToken, syncApiUrl, voiceApiUrl }: TwilioClientOptions): TwilioClient {
  const origins: Array<[string, string]> = [];
  if (syncApiUrl) origins.push(['https://sync.twilio.com', syncApiUrl]);
  if (voiceApiUrl) origins.push(['https://api.twilio.com', voiceApiUrl]);
  return twilio(accountSid, authToken, {
    lazyLoading: true,
    ...(origins.length ? { httpClient: new RedirectingClient(origins) } : {}),
  });
}
