import { isValidSignature, publicUrl } from '../carriers/twilio/signature';
import type { Query } from '../carriers/twilio/webhook-url';
import twilio from 'twilio';
import { defineFunction, twiml, type ErrorAnswer, type Handle } from './define-function';
import { UnverifiedSenderError } from './request-errors';
import { header, type Params } from './params';

export interface TwilioFunctionOptions {
  /** Parameters this endpoint receives in its URL's query string (our own TwiML puts them there). */
  queryKeys?: readonly string[];
  /** What the endpoint answers: TwiML to a call (voice webhooks, the default) or JSON (Studio's Run Function widgets). */
  answers?: 'twiml' | 'json';
}

/**
 * A voice webhook about a call we no longer know (its record expired, another system placed it)
 * gets a hang-up, not an error: Twilio would speak "an application error has occurred" to
 * whoever is on the line, and a status callback's answer is ignored anyway.
 */
const hangUpOnUnknownCall: ErrorAnswer = (error) => {
  if (!error.unknownCall) return undefined;
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return twiml(response);
};

/**
 * For `.protected` Functions: Twilio webhooks, Studio widgets, our own signed calls. The gateway
 * checks signatures once deployed; checking here too makes local runs behave the same.
 */
export function twilioFunction(options: TwilioFunctionOptions, handle: Handle) {
  const queryKeys = new Set(options.queryKeys ?? []);
  return defineFunction(({ context, event, params, config }) => {
    const query: Query = {};
    const body: Params = {};
    for (const [key, value] of Object.entries(params)) {
      if (queryKeys.has(key) && typeof value === 'string') query[key] = value;
      else body[key] = value;
    }
    const url = publicUrl({
      publicBaseUrl: config.PUBLIC_BASE_URL,
      domainName: context.DOMAIN_NAME,
      host: header(event, 'host'),
      path: context.PATH,
      query,
    });
    if (!isValidSignature(config.AUTH_TOKEN, header(event, 'x-twilio-signature'), url, body)) {
      throw new UnverifiedSenderError(`invalid or missing X-Twilio-Signature for ${url}`);
    }
  }, handle, options.answers === 'json' ? undefined : hangUpOnUnknownCall);
}
