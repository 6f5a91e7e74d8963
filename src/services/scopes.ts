/** Assessment scopes and supersession (rules §1 "Assessment scope", §3.5, §6). */
import { and, asc, eq } from 'drizzle-orm';
import { assessments, scopes } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { LevelFamily } from '../domain/levels.js';
import { scopeKey, supersessionLinks } from '../domain/supersession.js';

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

/** The scopes of a company, for pickers. */
export async function listScopes(db: Db, hloCage: string) {
  return db.select().from(scopes).where(eq(scopes.hloCage, hloCage)).orderBy(asc(scopes.nameKey));
}

