import { existsSync, readFileSync } from 'node:fs';
import { parseEnv as parseDotenv } from 'node:util';
import type { Env } from './schema';

/**
 * Development-only values so `npm start` works with no account and no .env.
 * Never applied to a deployed service: deploy uploads .env as it is, and a missing secret there stops the Functions.
 */
export const DEV_DEFAULTS: Readonly<Record<string, string>> = {
  ACCOUNT_SID: 'AC00000000000000000000000000000000',
  AUTH_TOKEN: 'dev-auth-token-0000000000000000',
  DASHBOARD_TOKEN: 'dev-dashboard-token',
  // Twilio's test number that always works as a From: click-to-call runs locally out of the box.
  OUTBOUND_CALLER_ID: '+15005550006',
};

export function readDotenv(path: string): Env {
  if (!existsSync(path)) return {};
  return parseDotenv(readFileSync(path, 'utf8'));
}

/** The process environment wins, then the .env file, then the development defaults. */
export function resolveLocalEnv(processEnv: Env, dotenv: Env): Env {
  const merged: Env = { ...DEV_DEFAULTS };
  for (const source of [dotenv, processEnv]) {
    for (const [key, value] of Object.entries(source)) {
      if (value !== undefined && value !== '') merged[key] = value;
    }
  }
  return merged;
}
