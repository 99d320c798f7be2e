import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export type TwilioClient = twilio.Twilio;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Serve Sync from here instead of https://sync.twilio.com (the local emulator). */
  syncApiUrl?: string;
}

const SYNC_ORIGIN = 'https://sync.twilio.com';

/**
 * Sends Sync requests to another origin and leaves every other request alone, so the production
 * Sync code runs unchanged against the local emulator.
 */
class SyncRedirectingClient extends twilio.RequestClient {
  constructor(private readonly syncApiUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(SYNC_ORIGIN) ? this.syncApiUrl + opts.uri.slice(SYNC_ORIGIN.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export function createTwilioClient({ accountSid, authToken, syncApiUrl }: TwilioClientOptions): TwilioClient {
  return twilio(accountSid, authToken, {
    lazyLoading: true,
    ...(syncApiUrl ? { httpClient: new SyncRedirectingClient(syncApiUrl) } : {}),
  });
}
