import twilio from 'twilio';

export interface TwilioTokenSettings {
  accountSid: string;
  /** An API key (SK…) and its secret: Twilio signs nothing with the auth token for the Voice SDK. */
  apiKey: string;
  apiSecret: string;
  /** The TwiML App whose Voice URL places the browser's outgoing calls. */
  twimlAppSid: string;
  ttlSeconds: number;
}

/**
 * A Voice SDK access token for one agent: identity = the agent id (what `<Dial><Client>` rings),
 * incoming calls allowed, outgoing calls through the TwiML App.
 */
export function twilioAccessToken(settings: TwilioTokenSettings, identity: string): string {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(settings.accountSid, settings.apiKey, settings.apiSecret, { identity, ttl: settings.ttlSeconds });
  token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: settings.twimlAppSid, incomingAllow: true }));
  return token.toJwt();
}
