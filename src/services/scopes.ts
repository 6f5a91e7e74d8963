/** Assessment scopes and supersession (rules §1 "Assessment scope", §3.5, §6). */
import { and, asc, eq } from 'drizzle-orm';
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

