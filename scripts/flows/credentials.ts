/**
 * Twilio credentials for the flow tools: ACCOUNT_SID / AUTH_TOKEN from the shell's environment, else
 * `.env`. Never the development defaults of `npm start` (src/config DEV_DEFAULTS): those talk to no real
 * account, so a command that needs Twilio refuses them by name.
 */
import { join } from 'node:path';
import { DEV_DEFAULTS, readDotenv } from '../../src/config';

export type Env = Record<string, string | undefined>;

export interface Credentials {
  accountSid: string;
  authToken: string;
}

/** The environment the tools read: `.env` under `root`, overridden by non-empty process variables. No defaults. */
export function toolEnv(root: string, processEnv: Env): Env {
  const merged: Env = {};
  for (const source of [readDotenv(join(root, '.env')), processEnv]) {
    for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== '') merged[key] = value;
  }
  return merged;
}

export type CredentialCheck = { ok: true; credentials: Credentials } | { ok: false; problem: string };

/** Real-looking credentials, or why there are none. */
export function checkCredentials(env: Env): CredentialCheck {
  const accountSid = env.ACCOUNT_SID;
  const authToken = env.AUTH_TOKEN;
  if (!accountSid || !authToken) {
    const missing = [accountSid ? undefined : 'ACCOUNT_SID', authToken ? undefined : 'AUTH_TOKEN'].filter(Boolean);
    return { ok: false, problem: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (environment or .env)` };
  }
  if (accountSid === DEV_DEFAULTS.ACCOUNT_SID || authToken === DEV_DEFAULTS.AUTH_TOKEN) {
    return { ok: false, problem: 'ACCOUNT_SID / AUTH_TOKEN are the development defaults of npm start, not a Twilio account' };
  }
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    return { ok: false, problem: 'ACCOUNT_SID must be an account SID (AC followed by 32 hex digits)' };
  }
  return { ok: true, credentials: { accountSid, authToken } };
}
