/**
 * Integration::CtiController#event and Cti::Driver::Base#process: direction check, inbound block list, outbound
 * caller-id rewrite, then Cti::Log.process, then (for an inbound answer) the lookup of the agent whose screen Zammad
 * would open. Exceptions propagate to the server, which answers them as Zammad's HandlesErrors does.
 */
import { knownAgentsByNumber } from './caller-id';
import type { CtiLogStore } from './cti-log';
import { ZAMMAD_MESSAGES, ZammadException, type Reply } from './errors';
import { castString, present, type Params } from './params';
import type { FakeZammadUser, RoutingRow } from './types';
import { hasPermission, rubyToI } from './users';

export interface CtiConfig {
  configured: boolean;
  blockCallerIds: string[];
  routingTable: RoutingRow[];
  defaultCallerId: string;
  viewLimit: number;
}

export interface CtiSettings {
  integrationEnabled: boolean;
  ctiToken: string;
  config: CtiConfig;
}

export interface CtiOutcome {
  reply: Reply;
  /** Set for a processed inbound answer: the cti.agent whose screen Zammad opens, or null. */
  answeringUserId?: number | null;
}

/** The controller: before_action check_configured, then check_token, then the driver. */
export function ctiEvent(token: string, params: Params, settings: CtiSettings, store: CtiLogStore, users: readonly FakeZammadUser[]): CtiOutcome {
  if (!settings.integrationEnabled) return { reply: { status: 422, json: { error: ZAMMAD_MESSAGES.featureDisabled } } };
  if (!settings.config.configured) return { reply: { status: 422, json: { error: ZAMMAD_MESSAGES.featureNotConfigured } } };
  if (settings.ctiToken !== token) return { reply: { status: 401, json: { error: ZAMMAD_MESSAGES.invalidToken } } };
  return drive({ ...params }, settings.config, store, users);
}

function drive(params: Params, config: CtiConfig, store: CtiLogStore, users: readonly FakeZammadUser[]): CtiOutcome {
  if (params.direction !== 'in' && params.direction !== 'out') {
    return { reply: { status: 422, json: { error: ZAMMAD_MESSAGES.invalidDirection } } };
  }

  // reject_check: inbound newCall from a blocked number. The row is still written.
  if (params.direction === 'in' && params.event === 'newCall' && config.blockCallerIds.some((id) => id === params.from)) {
    store.process(params, users);
    return { reply: { status: 200, json: { action: 'reject', reason: 'busy' } } };
  }

  // caller_id_rewrite: outbound newCall gets a caller id; the row is written with the rewritten `from`.
  const rewrite = callerIdRewrite(params, config);
  if (rewrite) {
    params.from = rewrite.callerId;
    store.process(params, users);
    return { reply: { status: 200, json: { action: 'dial', caller_id: rewrite.callerId, number: rewrite.number } } };
  }

  const log = store.process(params, users);
  if (log && params.event === 'answer' && params.direction === 'in') {
    const agent = answeringRecipient(params, users);
    const answeringUserId = agent && hasPermission(agent.permissions, 'cti.agent') ? agent.id : null;
    return { reply: { status: 200, json: {} }, answeringUserId };
  }
  return { reply: { status: 200, json: {} } };
}

function callerIdRewrite(params: Params, config: CtiConfig): { callerId: string; number: unknown } | undefined {
  if (params.direction !== 'out' || params.event !== 'newCall') return undefined;
  const to = params.to;
  if (!present(to)) return undefined;
  if (config.routingTable.length > 0) {
    if (typeof to !== 'string') throw new ZammadException('StandardError', `undefined method 'match?' for ${typeof to}`);
    for (const row of config.routingTable) {
      const dest = row.dest.replace(/\*/g, '.+?');
      let pattern: RegExp;
      try {
        // Ruby's ^ and $ are line anchors, like JavaScript's in multiline mode. `dest` is not escaped, as in Zammad.
        pattern = new RegExp(`^${dest}$`, 'm');
      } catch (error) {
        throw new ZammadException('StandardError', `RegexpError: ${(error as Error).message}`);
      }
      if (pattern.test(to)) return { callerId: row.caller_id, number: to };
    }
  }
  if (present(config.defaultCallerId)) return { callerId: config.defaultCallerId, number: to };
  return undefined;
}

/**
 * push_open_ticket_screen_recipient: answeringNumber as a known agent number, then as an exact phone of an active
 * user; then `user` as a login (String#downcase: an Array here is a NoMethodError, so HTTP 500); then `user_id`.
 */
function answeringRecipient(params: Params, users: readonly FakeZammadUser[]): FakeZammadUser | undefined {
  const byId = [...users].sort((a, b) => a.id - b.id);
  let user: FakeZammadUser | undefined;
  if (present(params.answeringNumber)) {
    user = knownAgentsByNumber(users, params.answeringNumber)[0];
    const phone = castString(params.answeringNumber);
    user ??= byId.find((candidate) => candidate.active && (candidate.phone ?? '') === phone);
  }
  if (!user && present(params.user)) {
    if (typeof params.user !== 'string') {
      const kind = Array.isArray(params.user) ? 'Array' : typeof params.user;
      throw new ZammadException('StandardError', `undefined method 'downcase' for an instance of ${kind}`);
    }
    const login = params.user.toLowerCase();
    user = byId.find((candidate) => candidate.login.toLowerCase() === login);
  }
  if (!user && present(params.user_id)) {
    const id = rubyToI(params.user_id);
    user = byId.find((candidate) => candidate.id === id);
  }
  return user;
}
