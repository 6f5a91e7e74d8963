/**
 * The audit log: every write, who and when, hash-chained (each entry's hash covers the previous
 * hash), so `npm run audit:verify` can show nothing was altered or removed.
 */
import { createHash } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { LONE_SURROGATE } from './inputs.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted, so a hash never depends on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * A row as SQLite gives it back, so a chain hashes exactly what it stores: an unpaired surrogate is
 * stored as U+FFFD, and text read back ends at a NUL. Text inputs refuse both (inputs.ts); this
 * keeps the chains verifiable whatever else reaches them.
 */
export function asStored<T extends Record<string, unknown>>(row: T): T {
  const fix = (s: string) => s.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD').replaceAll('\0', '\uFFFD');
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? fix(v) : v])) as T;
}

export const chainHash = (prevHash: string, payload: unknown): string =>
  createHash('sha256').update(prevHash).update('\n').update(canonicalJson(payload)).digest('hex');

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | null;
  detail?: unknown;
}

type Tx = Pick<Db, 'select' | 'insert'>;

/** Appends entries inside the caller's write transaction (which serialises the chain). */
export async function appendAudit(tx: Tx, at: Date, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prev = last?.hash ?? GENESIS_HASH;
  const rows = entries.map((e) => {
    const row = asStored({
      at: at.toISOString(),
      userId: e.userId,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      detailJson: e.detail === undefined ? null : canonicalJson(e.detail),
    });
    const hash = chainHash(prev, row);
    const out = { ...row, prevHash: prev, hash };
    prev = hash;
    return out;
  });
  for (let i = 0; i < rows.length; i += 500) await tx.insert(auditLog).values(rows.slice(i, i + 500));
}
