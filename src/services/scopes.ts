/** Assessment scopes and supersession (rules §1 "Assessment scope", §3.5, §6). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { assessments, scopes } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { LevelFamily } from '../domain/levels.js';

type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'all'>;

/** A scope is identified by its company and its name, trimmed and case-insensitive. */
export const scopeKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

export async function scopeIdFor(tx: Tx, hloCage: string, name: string, description: string | null, at: string): Promise<number> {
  const key = scopeKey(name);
  const [found] = await tx.select({ id: scopes.id }).from(scopes).where(and(eq(scopes.hloCage, hloCage), eq(scopes.nameKey, key)));
  if (found) return found.id;
  const [row] = await tx.insert(scopes).values({ hloCage, name: name.trim(), nameKey: key, description, createdAt: at }).returning({ id: scopes.id });
  return row.id;
}

export interface GroupKey {
  scopeId: number;
  family: LevelFamily;
}

/**
 * The supersession order of one scope and level family (rules §3.5): by status date, then by
 * arrival; each member is superseded by the next from that one's status date. `members` come in
 * arrival order (a stable sort keeps it among equal dates).
 */
export function supersessionOrder<M extends { uid: string; statusDate: string }>(members: readonly M[]): { member: M; by: string | null; on: string | null }[] {
  const sorted = [...members].sort((a, b) => (a.statusDate < b.statusDate ? -1 : a.statusDate > b.statusDate ? 1 : 0));
  return sorted.map((member, i) => ({ member, by: sorted[i + 1]?.uid ?? null, on: sorted[i + 1]?.statusDate ?? null }));
}

interface Member {
  uid: string;
  statusDate: string;
  by: string | null;
  on: string | null;
}

const changedLinks = (members: readonly Member[]) => supersessionOrder(members).filter((l) => l.member.by !== l.by || l.member.on !== l.on);

/**
 * Re-derives who supersedes whom in one scope and level family (supersessionOrder). Called after
 * every posting or import that adds to the group, so out-of-order historical imports link right.
 */
export async function relinkSupersession(tx: Tx, g: GroupKey): Promise<void> {
  const members = await tx
    .select({ uid: assessments.uid, statusDate: assessments.statusDate, by: assessments.supersededByUid, on: assessments.supersededOn })
    .from(assessments)
    .where(and(eq(assessments.scopeId, g.scopeId), eq(assessments.family, g.family)))
    .orderBy(asc(assessments.statusDate), asc(assessments.seq));
  for (const l of changedLinks(members)) {
    await tx.update(assessments).set({ supersededByUid: l.by, supersededOn: l.on }).where(eq(assessments.uid, l.member.uid));
  }
}

/**
 * relinkSupersession for many groups at once (a batch of feed records): one query reads every
 * member of the groups, one statement writes the links that change.
 */
export async function relinkSupersessionOf(tx: Tx, groups: readonly GroupKey[]): Promise<void> {
  if (!groups.length) return;
  const keys = JSON.stringify(groups.map((g) => [g.scopeId, g.family]));
  const rows = await tx.all<Member & { g: string }>(sql`
    SELECT uid, status_date AS statusDate, superseded_by_uid AS by, superseded_on AS "on", scope_id || ':' || family AS g FROM assessments
    WHERE (scope_id, family) IN (SELECT value->>0, value->>1 FROM json_each(${keys}))
    ORDER BY scope_id, family, status_date, seq`);
  const changed: [string, string | null, string | null][] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j].g === rows[i].g) j++;
    for (const l of changedLinks(rows.slice(i, j))) changed.push([l.member.uid, l.by, l.on]);
    i = j;
  }
  if (changed.length) {
    await tx.all(sql`UPDATE assessments SET superseded_by_uid = j.value->>1, superseded_on = j.value->>2
      FROM json_each(${JSON.stringify(changed)}) AS j WHERE assessments.uid = j.value->>0`);
  }
}

/** The scopes of a company, for pickers. */
export async function listScopes(db: Db, hloCage: string) {
  return db.select().from(scopes).where(eq(scopes.hloCage, hloCage)).orderBy(asc(scopes.nameKey));
}


/**
 * scopeIdFor for many scopes at once (a batch of feed records): one query finds the held ones by
 * the (company, name key) index, one INSERT … RETURNING creates the rest, named as first given.
 * Keys of the returned map are `${hloCage}\u0000${scopeKey(name)}`; `created` holds the new ids.
 */
export async function scopeIdsFor(
  tx: Tx,
  wanted: readonly { hloCage: string; name: string; description: string | null }[],
  at: string,
): Promise<{ ids: Map<string, number>; created: Set<number> }> {
  const ids = new Map<string, number>();
  const created = new Set<number>();
  const pending = new Map<string, (typeof wanted)[number] & { key: string }>();
  for (const w of wanted) {
    const key = scopeKey(w.name);
    const ref = `${w.hloCage}\u0000${key}`;
    if (!pending.has(ref)) pending.set(ref, { ...w, key });
  }
  if (!pending.size) return { ids, created };
  const pairs = JSON.stringify([...pending.values()].map((p) => [p.hloCage, p.key]));
  const held = await tx.all<{ id: number; hlo: string; key: string }>(
    sql`SELECT id, hlo_cage AS hlo, name_key AS key FROM scopes WHERE (hlo_cage, name_key) IN (SELECT value->>0, value->>1 FROM json_each(${pairs}))`,
  );
  for (const h of held) ids.set(`${h.hlo}\u0000${h.key}`, h.id);
  const missing = [...pending.entries()].filter(([ref]) => !ids.has(ref)).map(([, p]) => [p.hloCage, p.name.trim(), p.key, p.description, at]);
  if (missing.length) {
    const rows = await tx.all<{ id: number; hlo: string; key: string }>(
      sql`INSERT INTO scopes (hlo_cage, name, name_key, description, created_at) SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(${JSON.stringify(missing)}) WHERE true RETURNING id, hlo_cage AS hlo, name_key AS key`,
    );
    for (const r of rows) {
      ids.set(`${r.hlo}\u0000${r.key}`, r.id);
      created.add(r.id);
    }
  }
  return { ids, created };
}
