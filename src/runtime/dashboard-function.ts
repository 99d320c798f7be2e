import { defineFunction, type Handle } from './define-function';
import { sameSecret } from './same-secret';
import { UnauthenticatedError } from './request-errors';
import { header } from './params';

/** For the dashboard and operators: `Authorization: Bearer $DASHBOARD_TOKEN`. */
export function dashboardFunction(handle: Handle) {
  return defineFunction(({ event, config }) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
    if (!match || !sameSecret(match[1], config.DASHBOARD_TOKEN)) {
      throw new UnauthenticatedError('missing or wrong bearer token (Authorization: Bearer <DASHBOARD_TOKEN>)');
    }
  }, handle);
}

