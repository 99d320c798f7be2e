/**
 * Twilio's error vocabulary for the endpoints this emulator serves. Codes from twilio.com/docs/api/errors;
 * the HTTP status paired with a code is our reading where the page does not say. GUESS marks a code chosen
 * for a situation no page names.
 */
import { TwilioApiError, invalidParameter } from '../twilio-emulator-kit/twilio-error';
import type { FlowDefinitionError } from './types';

export * from '../twilio-emulator-kit/twilio-error';

/** A TwilioApiError whose body also carries `details`, as Studio's validation failures do. */
export class DetailedApiError extends TwilioApiError {
  constructor(status: number, code: number, message: string, readonly details: unknown) {
    super(status, code, message);
  }

  override toBody(): ReturnType<TwilioApiError['toBody']> & { details: unknown } {
    return { ...super.toBody(), details: this.details };
  }
}

/** GUESS: generic 20001 with Twilio's usual wording for a missing form field. */
export const missingParameter = (name: string): TwilioApiError =>
  invalidParameter(`Missing required parameter ${name} in the post body`);

/**
 * 81022 "Flow definition validation failed": "Check the error response details for an array of
 * validation failures". The details' shape, `{ errors: [{ message, property_path }] }`, is UNCONFIRMED.
 */
export const flowValidationFailed = (errors: readonly FlowDefinitionError[]): TwilioApiError =>
  new DetailedApiError(400, 81022, 'Invalid Flow Definition', { errors });

/** GUESS: a Definition that is not JSON at all gets the generic 20001. */
export const definitionNotJson = (): TwilioApiError => invalidParameter('Definition must be a JSON document');
