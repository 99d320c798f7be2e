/**
 * Loopback emulator of the Twilio APIs the Studio flow tooling (scripts/flows) talks to:
 *
 * - Studio v2 (studio.twilio.com): create, list, fetch, update, delete flows, with revisions counted and
 *   kept (GET …/Revisions[/{n|LatestPublished|LatestRevision}]), and POST /v2/Flows/Validate;
 * - Serverless v1 (serverless.twilio.com), read side: service, environments (domain_name, build_sid),
 *   builds (function_versions with path, function_sid, visibility), Functions;
 * - 2010-04-01 IncomingPhoneNumbers (api.twilio.com): list by PhoneNumber, fetch, update VoiceUrl.
 *
 * The official `twilio` client talks to it unchanged once the three origins are rewritten to `url`
 * (a twilio.RequestClient subclass as the `httpClient` option; see test/flows/helpers.ts). Responses
 * are checked against Twilio's OpenAPI specs in test/contract/studio-api-emulator.contract.test.ts.
 *
 *   const fake = await startStudioApiEmulator({ credentials: { username: accountSid, password: authToken } });
 *   const service = fake.addService({ uniqueName: 'helpdesk-voice' });
 *   const dev = fake.addEnvironment(service.sid, { domainSuffix: 'dev' });
 *   fake.deployBuild(service.sid, dev.sid, [{ path: '/studio/agents', visibility: 'protected' }]);
 *   fake.addPhoneNumber({ phoneNumber: '+14155550100' });
 */
export { startStudioApiEmulator } from './server';
export { studioOrder } from './store';
export { checkDefinition } from './flow-check';
export type * from './types';
