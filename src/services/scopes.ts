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
 * Re-derives who supersedes whom in one scope and level family: ordered by status date (then by
 * arrival), each assessment is superseded by the next from that one's status date. Called after
 * every posting or import that adds to the group, so out-of-order historical imports link right.
 */
export async function relinkSupersession(tx: Tx, g: GroupKey): Promise<void> {
  const members = await tx
    .select({ uid: assessments.uid, statusDate: assessments.statusDate, by: assessments.supersededByUid, on: assessments.supersededOn })
    .from(assessments)
    .where(and(eq(assessments.scopeId, g.scopeId), eq(assessments.family, g.family)))
    .orderBy(asc(assessments.statusDate), asc(assessments.seq));
  for (let i = 0; i < members.length; i++) {
    const next = members[i + 1];
    const by = next?.uid ?? null;
    const on = next?.statusDate ?? null;
    if (members[i].by !== by || members[i].on !== on) {
      await tx.update(assessments).set({ supersededByUid: by, supersededOn: on }).where(eq(assessments.uid, members[i].uid));
    }
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
