import type { Agent } from '../agents';
import type { CarrierName } from '../carriers/carrier-name';
import { atClientNameOf } from '../carriers/africastalking/profile';
import { requestAtCapabilityToken, type AtTokenSettings } from './at-capability-token';
import { twilioAccessToken, type TwilioTokenSettings } from './twilio-access-token';

export interface SoftphoneToken {
  carrier: CarrierName;
  /** Who the carrier rings when it rings this browser: the Twilio identity or the AT client name. */
  identity: string;
  token: string;
  /** When the page must have fetched a new one. */
  expiresAt: string;
}

/**
 * Each carrier's settings, or why they are missing (the variables to set), so a token asked
 * for on a carrier that is not set up answers with what to configure instead of a stack.
 */
export interface SoftphoneTokenSettings {
  twilio: TwilioTokenSettings | { missing: string[] };
  africastalking: AtTokenSettings | { missing: string[] };
}

export class SoftphoneNotSetUpError extends Error {
  constructor(readonly carrier: CarrierName, readonly missing: string[]) {
    super(`the ${carrier === 'twilio' ? 'Twilio' : "Africa's Talking"} softphone is not set up here (set ${missing.join(', ')})`);
    this.name = 'SoftphoneNotSetUpError';
  }
}

export async function softphoneToken(settings: SoftphoneTokenSettings, agent: Agent, carrier: CarrierName, now: Date): Promise<SoftphoneToken> {
  if (carrier === 'twilio') {
    const twilio = settings.twilio;
    if ('missing' in twilio) throw new SoftphoneNotSetUpError(carrier, twilio.missing);
    const expiresAt = new Date(now.getTime() + twilio.ttlSeconds * 1000).toISOString();
    return { carrier, identity: agent.id, token: twilioAccessToken(twilio, agent.id), expiresAt };
  }
  const at = settings.africastalking;
  if ('missing' in at) throw new SoftphoneNotSetUpError(carrier, at.missing);
  const answer = await requestAtCapabilityToken(at, atClientNameOf(agent));
  return { carrier, identity: answer.clientName, token: answer.token, expiresAt: new Date(now.getTime() + answer.lifetimeSeconds * 1000).toISOString() };
}
