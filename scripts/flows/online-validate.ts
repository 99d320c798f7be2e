/**
 * Twilio's own check of a flow, POST https://studio.twilio.com/v2/Flows/Validate
 * (client.studio.v2.flowValidate.update). It answers {"valid": true}, or an error (400, 81022) whose
 * details list what is wrong. A file is sent with its placeholders replaced by stand-in values.
 */
import { dummyValues, fillPlaceholders, placeholdersIn } from './placeholders';
import type { TwilioClient } from './serverless-lookup';
import { asRestFailure, describeFailure, detailLines } from './twilio-errors';

export interface OnlineAnswer {
  valid: boolean;
  /** Twilio's reasons when it is not valid. */
  problems: string[];
}

export async function validateOnline(client: TwilioClient, friendlyName: string, definition: unknown): Promise<OnlineAnswer> {
  const concrete = fillPlaceholders(definition, dummyValues(placeholdersIn(definition).functionPaths));
  try {
    const answer = await client.studio.v2.flowValidate.update({
      friendlyName,
      status: 'published',
      definition: concrete,
    });
    return { valid: answer.valid === true, problems: answer.valid === true ? [] : ['Twilio answered valid: false'] };
  } catch (error) {
    const failure = asRestFailure(error);
    // A 4xx other than auth is Twilio's verdict on the definition; anything else is not an answer.
    if (!failure || failure.status < 400 || failure.status >= 500 || failure.status === 401 || failure.status === 403) throw error;
    const details = detailLines(failure.details);
    return { valid: false, problems: details.length ? details : [describeFailure(failure)] };
  }
}
