/**
 * Groups: GET /api/v1/groups (GroupsController#index through model_index_render).
 */
import { rubyToI } from './users';
import type { FakeZammadGroup } from './types';
import type { Params } from './params';

/** Zammad seeds one group, "Users" (id 1). */
export const SEEDED_GROUPS: FakeZammadGroup[] = [{ id: 1, name: 'Users' }];

export function checkGroups(groups: readonly FakeZammadGroup[]): void {
  const seen = new Set<number>();
  for (const group of groups) {
    if (!Number.isInteger(group.id) || group.id < 1) throw new Error(`fake Zammad group ${group.name}: id must be a positive integer`);
    if (seen.has(group.id)) throw new Error(`fake Zammad groups: duplicate id ${group.id}`);
    seen.add(group.id);
  }
}

/** Rails' JSON of a group: the fields the fake models (real Zammad sends more: email_address_id, signature_id, …). */
export function groupJson(group: FakeZammadGroup, stampedAt: string): Record<string, unknown> {
  return { id: group.id, name: group.name, active: group.active ?? true, note: null, created_at: stampedAt, updated_at: stampedAt };
}

/** With both `page` and `per_page` one page (per_page at most 500), else every group; ordered by id. */
export function listGroups(groups: readonly FakeZammadGroup[], params: Params, stampedAt: string): Record<string, unknown>[] {
  const ordered = [...groups].sort((a, b) => a.id - b.id);
  const paged = params.page !== undefined && params.per_page !== undefined;
  const perPage = Math.min(rubyToI(params.per_page), 500);
  const page = Math.max(rubyToI(params.page), 1);
  const shown = paged ? ordered.slice((page - 1) * perPage, page * perPage) : ordered;
  return shown.map((group) => groupJson(group, stampedAt));
}
