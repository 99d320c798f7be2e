import { isValidSignature, publicUrl } from '../carriers/twilio/signature';
import type { Query } from '../carriers/twilio/webhook-url';
import type { TwilioRoute } from '../carriers/twilio/routes';
import { renderUnknownCall, type UnknownCallAnswer } from '../carriers/twilio/unknown-call-twiml';
import { defineFunction, twiml, type ErrorAnswer, type Handle } from './define-function';
import { UnverifiedSenderError } from './request-errors';
import { header, type Params } from './params';

interface Common {
  /** The endpoint's entry in the route table: which parameters arrive in its URL's query string. */
  route?: TwilioRoute;
}

/** A voice webhook: TwiML to a call; about a call we hold no record of, the harmless answer this endpoint chose. */
interface VoiceWebhook extends Common {
  unknownCall: UnknownCallAnswer;
}

/** A Studio Run Function widget: JSON, every error as its status (a flow can branch on a 404). */
interface StudioWidget extends Common {
  answers: 'json';
}

export type TwilioFunctionOptions = VoiceWebhook | StudioWidget;

const answerUnknownCall =
  (answer: UnknownCallAnswer): ErrorAnswer =>
  (error) =>
    error.unknownCall ? twiml(renderUnknownCall(answer)) : undefined;

/**
 * For `.protected` Functions: Twilio webhooks, Studio widgets, our own signed calls. The gateway
 * checks signatures once deployed; checking here too makes local runs behave the same.
 */
export function twilioFunction(options: TwilioFunctionOptions, handle: Handle) {
  const queryKeys = new Set<string>(options.route?.queryKeys ?? []);
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
  }, handle, 'unknownCall' in options ? answerUnknownCall(options.unknownCall) : undefined);
}
