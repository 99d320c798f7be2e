/**
 * Cti::CallerId (app/models/cti/caller_id.rb): numbers found in users' string attributes ("known" caller ids), the
 * lookup that fills from_comment / to_comment and preferences of a caller-log row, and the agent lookup by number.
 * "maybe" caller ids (numbers seen in ticket articles) are not modelled: the fake has no tickets.
 */
import type { CallerIdRecord, FakeZammadUser } from './types';
import { hasPermission } from './users';

const DEFAULT_COUNTRY_ID = '49';
/** Ruby's \s is ASCII whitespace only. */
const RUBY_SPACE = ' \\t\\r\\n\\f\\v';

export function normalizeNumber(raw: string): string {
  let number = raw.replace(new RegExp(`[${RUBY_SPACE}-]`, 'g'), '');
  number = number.replace(/^(00)?(\+?\d\d)\(0?(\d*)\)/, '$1$2$3');
  number = number.replace(/\D/g, '');
  if (number.startsWith('00')) return number.slice(2);
  if (number.startsWith('0')) return DEFAULT_COUNTRY_ID + number.slice(1);
  return number;
}

/** extract_numbers: every run of 6 to 26 digits, spaces, dashes, parentheses or pipes, normalised. */
export function extractNumbers(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const pattern = new RegExp(`([\\d${RUBY_SPACE}\\-(|)]{6,26})`, 'g');
  return [...text.matchAll(pattern)].map((match) => normalizeNumber(match[1] ?? ''));
}

/** The string attributes of a user that Zammad scans for caller ids (the fake models these six). */
function callerIdsOf(user: FakeZammadUser): string[] {
  const texts = [user.login, user.firstname, user.lastname, user.email, user.phone, user.mobile];
  const numbers = texts.filter((text): text is string => typeof text === 'string' && /\S/.test(text)).flatMap(extractNumbers);
  return [...new Set(numbers)];
}

/** User#fullname: "firstname lastname", or the email when both names are blank. */
export function fullname(user: FakeZammadUser): string {
  const name = `${user.firstname ?? ''} ${user.lastname ?? ''}`.trim();
  if (!name && user.email) return user.email;
  return name;
}

/**
 * Cti::CallerId.lookup: one record per user holding one of the numbers, newest record first, at most 20. Records are
 * taken as created in user-id order (as Cti::CallerId.rebuild does), so "newest" means the highest user id.
 */
export function lookup(users: readonly FakeZammadUser[], numbers: readonly string[]): CallerIdRecord[] {
  if (numbers.length === 0) return [];
  const records: CallerIdRecord[] = [];
  for (const user of users) {
    const match = callerIdsOf(user).find((number) => numbers.includes(number));
    if (match === undefined) continue;
    records.push({ caller_id: match, comment: null, level: 'known', object: 'User', o_id: user.id, user_id: user.id });
  }
  return records.sort((a, b) => b.user_id - a.user_id).slice(0, 20);
}

/**
 * get_comment_preferences: the names of the users known under `callerId`, comma-joined without a space, and their
 * records under preferences[direction]; null when nobody is known.
 */
export function commentAndPreferences(
  users: readonly FakeZammadUser[],
  callerId: unknown,
  direction: 'from' | 'to',
): { comment: string; preferences: { from?: CallerIdRecord[]; to?: CallerIdRecord[] } } | null {
  const records = lookup(users, extractNumbers(callerId));
  let comment = '';
  for (const record of records) {
    const user = users.find((candidate) => candidate.id === record.user_id);
    const name = user ? fullname(user) : (record.comment ?? '');
    if (/\S/.test(comment)) comment += ',';
    comment += name;
  }
  if (!/\S/.test(comment)) return null;
  return { comment, preferences: { [direction]: records } };
}

/** known_agents_by_number: users known under that number who have cti.agent. */
export function knownAgentsByNumber(users: readonly FakeZammadUser[], number: unknown): FakeZammadUser[] {
  return lookup(users, extractNumbers(number))
    .map((record) => users.find((user) => user.id === record.user_id))
    .filter((user): user is FakeZammadUser => user !== undefined && hasPermission(user.permissions, 'cti.agent'));
}
