/** Assessment scopes and supersession (rules §1 "Assessment scope", §3.5, §6). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { assessments, scopes } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { LevelFamily } from '../domain/levels.js';
import { scopeKey, supersessionLinks, type SupersessionMember } from '../domain/supersession.js';

type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'all'>;

export async function scopeIdFor(tx: Tx, hloCage: string, name: string, description: string | null, at: string): Promise<number> {
  const key = scopeKey(name);
  const [found] = await tx.select({ id: scopes.id }).from(scopes).where(and(eq(scopes.hloCage, hloCage), eq(scopes.nameKey, key)));
  if (found) return found.id;
  const [row] = await tx.insert(scopes).values({ hloCage, name: name.trim(), nameKey: key, description, createdAt: at }).returning({ id: scopes.id });
  return row.id;
}

/** One supersession group as stored: a scope (company and name) and a level family. */
export interface GroupKey {
  scopeId: number;
  family: LevelFamily;
}

/**
 * Stores the links `supersessionLinks` computes for one group, writing only the rows whose link
 * changed. Called after every posting or import that adds to the group, so out-of-order historical
 * imports link right.
 */
export async function relinkSupersession(tx: Tx, g: GroupKey): Promise<void> {
  const members = await tx
    .select({ uid: assessments.uid, statusDate: assessments.statusDate, arrival: assessments.seq, supersedes: assessments.supersedesUid, by: assessments.supersededByUid, on: assessments.supersededOn })
    .from(assessments)
    .where(and(eq(assessments.scopeId, g.scopeId), eq(assessments.family, g.family)));
  const links = supersessionLinks(members);
  for (const m of members) {
    const l = links.get(m.uid) ?? null;
    const by = l?.supersededBy ?? null;
    const on = l?.supersededOn ?? null;
    if (m.by !== by || m.on !== on) await tx.update(assessments).set({ supersededByUid: by, supersededOn: on }).where(eq(assessments.uid, m.uid));
  }
}

/** Rows whose stored link differs from what `supersessionLinks` computes for their group. */
function changedLinks(members: readonly (SupersessionMember & { by: string | null; on: string | null })[]): [string, string | null, string | null][] {
  const links = supersessionLinks(members);
  const out: [string, string | null, string | null][] = [];
  for (const m of members) {
    const l = links.get(m.uid) ?? null;
    if (m.by !== (l?.supersededBy ?? null) || m.on !== (l?.supersededOn ?? null)) out.push([m.uid, l?.supersededBy ?? null, l?.supersededOn ?? null]);
  }
  return out;
}

/**
 * relinkSupersession for many groups at once (a batch of eMASS feed records): one query reads every
 * member of the groups, one statement writes the links that change.
 */
export async function relinkSupersessionOf(tx: Tx, groups: readonly GroupKey[]): Promise<void> {
  if (!groups.length) return;
  const keys = JSON.stringify(groups.map((g) => [g.scopeId, g.family]));
  const rows = await tx.all<SupersessionMember & { by: string | null; on: string | null; g: string }>(sql`
    SELECT uid, status_date AS statusDate, seq AS arrival, supersedes_uid AS supersedes, superseded_by_uid AS by, superseded_on AS "on", scope_id || ':' || family AS g
    FROM assessments WHERE (scope_id, family) IN (SELECT value->>0, value->>1 FROM json_each(${keys})) ORDER BY scope_id, family`);
  const changed: [string, string | null, string | null][] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j].g === rows[i].g) j++;
    changed.push(...changedLinks(rows.slice(i, j)));
    i = j;
  }
  if (changed.length) {
    await tx.all(sql`UPDATE assessments SET superseded_by_uid = j.value->>1, superseded_on = j.value->>2
      FROM json_each(${JSON.stringify(changed)}) AS j WHERE assessments.uid = j.value->>0`);
  }
}

/**
 * scopeIdFor for many scopes at once (a batch of eMASS feed records): one query finds the held ones
 * by the (company, name key) index, one INSERT … RETURNING creates the rest, named as first given.
 * Keys of `ids` are `${hloCage}\u0000${scopeKey(name)}`; `created` holds the ids of new scopes.
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

/** The scopes of a company, for pickers. */
export async function listScopes(db: Db, hloCage: string) {
  return db.select().from(scopes).where(eq(scopes.hloCage, hloCage)).orderBy(asc(scopes.nameKey));
}

