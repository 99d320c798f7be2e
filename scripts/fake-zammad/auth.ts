/**
 * REST authentication as ApplicationController::Authenticates does it, for the one personal access token the fake
 * knows: no usable credentials → 403 "Authentication required"; a wrong token → 401. The token's owner is taken to
 * hold every permission (admin, ticket.agent, cti.agent).
 */
import { ZAMMAD_MESSAGES, ZammadException } from './errors';

export function authenticate(authorization: string | undefined, apiToken: string): void {
  const header = authorization ?? '';
  if (/^basic\s/i.test(header)) {
    // The fake has no passwords, so every Basic credential is wrong.
    throw new ZammadException('NotAuthorized', ZAMMAD_MESSAGES.invalidBasicAuth);
  }
  const token = tokenFrom(header);
  if (token) {
    if (token === apiToken) return;
    // A Bearer token that is no personal token is then tried as an OAuth2 token, which fails differently.
    if (header.startsWith('Bearer')) throw new ZammadException('NotAuthorized', 'The provided token is invalid.');
    throw new ZammadException('NotAuthorized', ZAMMAD_MESSAGES.unknownToken);
  }
  throw new ZammadException('Forbidden', ZAMMAD_MESSAGES.authenticationRequired);
}

/** Rails' token_and_options: `Token token="abc"`, `Token token=abc`, `Token abc` and `Bearer abc` all give abc. */
function tokenFrom(header: string): string | undefined {
  if (!/^(Token|Bearer)\s+/.test(header)) return undefined;
  const raw = header
    .replace(/^(Token|Bearer)\s+/, '')
    .split(/,|;|\t/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (raw.length === 0) return undefined;
  const first = raw[0] ?? '';
  const pair = first.startsWith('token=') ? first : `token=${first}`;
  const value = pair.slice(pair.indexOf('=') + 1).replace(/^"|"$/g, '');
  return value || undefined;
}
