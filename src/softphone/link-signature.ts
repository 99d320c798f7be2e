import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../runtime/request-errors';
import { AGENT_ID_PATTERN } from '../agents/agent';

/**
 * An agent's softphone link: the agent id and an expiry, signed with HMAC-SHA256 under
 * DASHBOARD_TOKEN, so agents sign in without a user database of our own. The purpose is part
 * of what is signed, so a signature made for this can never pass for any other HMAC we make.
 */
const PURPOSE = 'softphone-link';

export interface LinkClaims {
  agentId: string;
  expiresAt: Date;
}

/** The query string parts of a link: `agent`, `exp` (Unix seconds) and `sig` (base64url). */
export interface LinkParams {
  agent: string;
  exp: string;
  sig: string;
}

function mac(key: string, agent: string, exp: string): Buffer {
  return createHmac('sha256', key).update(`${PURPOSE}\n${agent}\n${exp}`).digest();
}

export function signLink(key: string, { agentId, expiresAt }: LinkClaims): LinkParams {
  const exp = String(Math.floor(expiresAt.getTime() / 1000));
  return { agent: agentId, exp, sig: mac(key, agentId, exp).toString('base64url') };
}

/** The agent the link was made for; a wrong, altered or expired link is a 401. */
export function verifyLink(key: string, params: Partial<LinkParams>, now: Date): LinkClaims {
  const { agent, exp, sig } = params;
  if (!agent || !exp || !sig || !AGENT_ID_PATTERN.test(agent) || !/^\d{1,12}$/.test(exp)) {
    throw new UnauthenticatedError('missing or malformed softphone link (agent, exp and sig from the dashboard\'s softphone link)');
  }
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, agent, exp);
  // timingSafeEqual throws on different lengths; the length of a MAC is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthenticatedError('the softphone link\'s signature is wrong; ask for a new link on the dashboard');
  }
  const expiresAt = new Date(Number(exp) * 1000);
  if (now.getTime() >= expiresAt.getTime()) {
    throw new UnauthenticatedError(`the softphone link expired at ${expiresAt.toISOString()}; ask for a new link on the dashboard`);
  }
  return { agentId: agent, expiresAt };
}

/** The page an agent opens, relative to the service's base URL. */
export function softphonePath(params: LinkParams): string {
  return `/softphone.html?${new URLSearchParams({ ...params }).toString()}`;
}
