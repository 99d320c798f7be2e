import { defineFunction, type FunctionRequest, type Handle } from './define-function';
import { sameSecret } from './same-secret';
import { FeatureOffError, UnauthenticatedError } from './request-errors';
import { header } from './params';

/**
 * For the Freshdesk app: its request templates send `Authorization: Bearer $FRESHDESK_APP_SECRET`
 * from a secure installation parameter, so the browser never holds the secret.
 */
export function freshdeskAppFunction(handle: Handle) {
  return defineFunction(checkFreshdeskApp, handle);
}

/** Throws unless the request carries the Freshdesk app's secret (and Freshdesk is set up here). */
export function checkFreshdeskApp({ event, config, services }: FunctionRequest): void {
  if (!config.FRESHDESK_APP_SECRET || !services().freshdesk) {
    throw new FeatureOffError('the Freshdesk app is not set up here (set FRESHDESK_URL, FRESHDESK_API_KEY and FRESHDESK_APP_SECRET)');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  if (!match || !sameSecret(match[1], config.FRESHDESK_APP_SECRET)) {
    throw new UnauthenticatedError('missing or wrong app secret (Authorization: Bearer <FRESHDESK_APP_SECRET>, the app\'s "App secret" setting)');
  }
}
