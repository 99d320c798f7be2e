import { defineFunction, type Handle } from './define-function';
import { sameSecret } from './same-secret';
import { FeatureOffError, UnverifiedSenderError } from './request-errors';

/**
 * For Africa's Talking callbacks. AT signs nothing, so the callback URL carries a secret
 * (`?key=`); the session id is then checked against our own state by the handler.
 */
export function atFunction(handle: Handle) {
  return defineFunction(({ config, params }) => {
    if (!config.AT_USERNAME || !config.AT_CALLBACK_SECRET) throw new FeatureOffError('Africa\'s Talking is not configured (set AT_USERNAME, AT_API_KEY, AT_PHONE_NUMBER, AT_CALLBACK_SECRET)');
    const key = typeof params.key === 'string' ? params.key : '';
    if (!sameSecret(key, config.AT_CALLBACK_SECRET)) throw new UnverifiedSenderError('missing or wrong key in the callback URL');
  }, handle);
}

