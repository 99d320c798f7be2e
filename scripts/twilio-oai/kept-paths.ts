/**
 * The paths of Twilio's OpenAPI specs (github.com/twilio/twilio-oai, spec/json/) that the emulators
 * implement and the contract tests validate against, per spec file. `trim.ts` keeps these path items
 * whole (every method, every example) and the components they reach; a path missing here makes its
 * contract test throw "documents no ...", so the list cannot silently fall behind the tests.
 */
const ACCOUNT = '/2010-04-01/Accounts/{AccountSid}';

export const KEPT_PATHS: Readonly<Record<string, readonly string[]>> = {
  'twilio_api_v2010.json': [
    `${ACCOUNT}/Calls.json`,
    `${ACCOUNT}/Calls/{Sid}.json`,
    `${ACCOUNT}/Queues.json`,
    `${ACCOUNT}/Queues/{Sid}.json`,
    `${ACCOUNT}/Queues/{QueueSid}/Members.json`,
    `${ACCOUNT}/Queues/{QueueSid}/Members/{CallSid}.json`,
    `${ACCOUNT}/IncomingPhoneNumbers.json`,
    `${ACCOUNT}/IncomingPhoneNumbers/{Sid}.json`,
    // The only 2010 operation that publishes Twilio's REST error body (its 408), used for every emulator's errors.
    `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`,
  ],
  'twilio_sync_v1.json': [
    '/v1/Services/{ServiceSid}/Maps',
    '/v1/Services/{ServiceSid}/Maps/{Sid}',
    '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items',
    '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}',
  ],
  'twilio_studio_v2.json': [
    '/v2/Flows',
    '/v2/Flows/{Sid}',
    '/v2/Flows/Validate',
    '/v2/Flows/{Sid}/Revisions',
    '/v2/Flows/{Sid}/Revisions/{Revision}',
  ],
  'twilio_serverless_v1.json': [
    '/v1/Services/{Sid}',
    '/v1/Services/{ServiceSid}/Environments',
    '/v1/Services/{ServiceSid}/Environments/{Sid}',
    '/v1/Services/{ServiceSid}/Builds/{Sid}',
    '/v1/Services/{ServiceSid}/Functions',
    '/v1/Services/{ServiceSid}/Functions/{Sid}',
  ],
};
