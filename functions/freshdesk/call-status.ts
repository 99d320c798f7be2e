import { json } from '../../src/runtime/define-function';
import { freshdeskAppFunction } from '../../src/runtime/freshdesk-app-function';
import { requireParam } from '../../src/runtime/params';

/** GET /freshdesk/call-status?callId=…: where a click-to-call (or any call) is, so the app can show it and reset its button. */
export const handler = freshdeskAppFunction(async ({ params, services }) =>
  json(200, await services().freshdesk!.callStatus(requireParam(params, { key: 'callId', purpose: 'the call to report on' }))),
);
