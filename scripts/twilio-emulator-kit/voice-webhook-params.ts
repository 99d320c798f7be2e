/** How a call leg came to be, as Twilio's `Direction` field names it. */
export type LegDirection = 'inbound' | 'outbound-dial' | 'outbound-api';

export interface CallLegFields {
  accountSid: string;
  callSid: string;
  /** The caller's call, on a leg a <Dial> or the REST API placed from it. */
  parentCallSid?: string | null;
  from: string;
  to: string;
  /** Twilio's word for the call's state now: ringing, in-progress, completed… */
  status: string;
  direction: LegDirection;
}

/**
 * The fields Twilio sends about the call on every voice webhook (TwiML fetch or status callback),
 * before whatever the verb adds (Digits, DialCallStatus, RecordingUrl…). Shared by everything here
 * that plays Twilio's side of a call, so a test's call and a simulated one speak alike.
 */
export function voiceWebhookParams(leg: CallLegFields): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: leg.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: leg.callSid,
    CallStatus: leg.status,
    Direction: leg.direction,
    From: leg.from,
    To: leg.to,
    Caller: leg.from,
    Called: leg.to,
  };
  if (leg.parentCallSid) params.ParentCallSid = leg.parentCallSid;
  return params;
}
