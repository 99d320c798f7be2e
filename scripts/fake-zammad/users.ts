/**
 * Users: permission checks, Zammad's user JSON, and GET /api/v1/users/search as UsersController#search and
 * User::Search / CanSearch do it without Elasticsearch (the SQL fallback).
 */
import { ZammadException } from './errors';
import { present, type Params } from './params';
import type { FakeZammadUser } from './types';

/** User#permissions?: the user holds the key or one of its parents ('cti' covers 'cti.agent'); 'x.*' means x or any child. */
export function hasPermission(userPermissions: readonly string[], key: string): boolean {
  if (key.endsWith('.*')) {
    const base = key.slice(0, -2);
    return userPermissions.some((held) => held === base || held.startsWith(`${base}.`) || isAncestor(held, base));
  }
  return userPermissions.some((held) => held === key || isAncestor(held, key));
}

function isAncestor(candidate: string, key: string): boolean {
  return key.startsWith(`${candidate}.`);
}

export function roleIdsOf(user: FakeZammadUser): number[] {
  if (user.role_ids) return [...user.role_ids];
  const ids: number[] = [];
  if (user.permissions.some((permission) => permission === 'admin' || permission.startsWith('admin.'))) ids.push(1);
  if (hasPermission(user.permissions, 'ticket.agent')) ids.push(2);
  if (hasPermission(user.permissions, 'ticket.customer')) ids.push(3);
  return ids;
}

/** Zammad's system user is id 1: searches never return it, so fake users must not use it. */
export function checkUsers(users: readonly FakeZammadUser[]): void {
  const seen = new Set<number>();
  for (const user of users) {
    if (!Number.isInteger(user.id) || user.id < 2) {
      throw new Error(`fake Zammad user ${user.login}: id ${user.id} is not allowed (id 1 is Zammad's system user; use 2 and up)`);
    }
    if (seen.has(user.id)) throw new Error(`fake Zammad users: duplicate id ${user.id}`);
    seen.add(user.id);
  }
}

/** The fields of Zammad's user JSON that the fake models (real Zammad sends more: fax, note, organization_id, …). */
export function userJson(user: FakeZammadUser, stampedAt: string): Record<string, unknown> {
  return {
    id: user.id,
    // Zammad lower-cases login and email when it saves a user.
    login: user.login.toLowerCase(),
    firstname: user.firstname,
    lastname: user.lastname,
    email: user.email.toLowerCase(),
    phone: user.phone ?? '',
    mobile: user.mobile ?? '',
    active: user.active,
    out_of_office: user.out_of_office ?? false,
    out_of_office_start_at: user.out_of_office_start_at ?? null,
    out_of_office_end_at: user.out_of_office_end_at ?? null,
    out_of_office_replacement_id: user.out_of_office_replacement_id ?? null,
    preferences: user.preferences ?? {},
    role_ids: roleIdsOf(user),
    group_ids: groupAccessJson(user),
    created_at: stampedAt,
    updated_at: stampedAt,
  };
}

/** HasGroups#group_ids_access_map as JSON: group id (a string key) → the access names, each as a list. */
export function groupAccessJson(user: FakeZammadUser): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [id, access] of Object.entries(user.group_ids ?? {})) map[id] = Array.isArray(access) ? [...access] : [access];
  return map;
}

/** Ruby's String#to_i: the leading integer, 0 when there is none. */
export function rubyToI(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string') {
    const match = /^\s*([+-]?\d+)/.exec(value.replace(/_/g, ''));
    return match?.[1] ? Number.parseInt(match[1], 10) : 0;
  }
  if (value === undefined || value === null) return 0;
  throw new ZammadException('StandardError', `undefined method 'to_i' for ${typeof value}`);
}

const firstTruthy = (...values: unknown[]): unknown => values.find((value) => value !== undefined && value !== null && value !== false);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * UsersController#search → User.search (SQL fallback):
 * - per_page (or limit) default 100, at most 500; page default 1; offset (page − 1) × per_page;
 * - `query` (or `term`) with every `*` removed; blank = everyone, else a case-insensitive substring of any string
 *   column (the fake has login, firstname, lastname, email, phone, mobile);
 * - `permissions` / `role_ids`: users in a role granting ANY listed permission (or a parent of it), or in a listed
 *   role; a permission nobody holds gives an empty list;
 * - never user id 1; inactive users included; order active first, then most recently updated, then id.
 */
export function searchUsers(users: readonly FakeZammadUser[], params: Params): FakeZammadUser[] {
  let perPage = rubyToI(firstTruthy(params.per_page, params.limit, 100));
  if (perPage > 500) perPage = 500;
  const page = rubyToI(firstTruthy(params.page, 1));
  const offset = (page - 1) * perPage;
  if (perPage < 0) throw new ZammadException('StatementInvalid', 'PG::InvalidRowCountInLimitClause: ERROR:  LIMIT must not be negative');
  if (offset < 0) throw new ZammadException('StatementInvalid', 'PG::InvalidRowCountInResultOffsetClause: ERROR:  OFFSET must not be negative');

  const rawQuery = firstTruthy(params.query, params.term);
  const query = typeof rawQuery === 'string' ? rawQuery.replace(/\*/g, '') : '';

  const permissions = present(params.permissions) ? asList(params.permissions).map(String) : undefined;
  const roleIds = present(params.role_ids) ? asList(params.role_ids).map((id) => rubyToI(id)) : undefined;
  const filterByRole = permissions !== undefined || roleIds !== undefined;

  const needle = query.toLowerCase();
  const matches = users.filter((user) => {
    if (user.id === 1) return false;
    if (filterByRole) {
      const byPermission = (permissions ?? []).some((permission) => hasPermission(user.permissions, permission));
      const byRole = (roleIds ?? []).some((id) => roleIdsOf(user).includes(id));
      if (!byPermission && !byRole) return false;
    }
    if (!needle.trim()) return true;
    const columns = [user.login, user.firstname, user.lastname, user.email, user.phone, user.mobile];
    return columns.some((column) => typeof column === 'string' && column.toLowerCase().includes(needle));
  });
  // All fake users share one updated_at (the time they were set), so the order is active first, then id.
  matches.sort((a, b) => Number(b.active) - Number(a.active) || a.id - b.id);
  return matches.slice(offset, offset + perPage);
}
