/**
 * Tamper evidence: recorded verifications and the audit log are hash-chained (each entry's hash
 * covers the previous one) and append-only in the database (triggers). An attacker with the
 * database file can drop the triggers and rewrite rows; `npm run audit:verify` must then exit 1
 * and name the broken link. Each tampering is done on its own copy of one clean database, through
 * a raw libSQL connection, and the script runs as a child process with DATABASE_URL of that copy.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/services/audit.js';
import { recordedDatabaseFile } from '../helpers.js';
import { runScript } from './server.js';

let dir: string;
let clean: string;
let verificationIds: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awardgate-tamper-'));
  ({ file: clean, verificationIds } = await recordedDatabaseFile(dir, {
    cage: 'TP001',
    uid: 'TPRT000001',
    solicitations: ['TAMPER-1', 'TAMPER-2', 'TAMPER-3'],
    more: async (api) => {
      for (let i = 1; i <= 3; i++) expect((await api('POST', '/api/v1/users', { email: `t${i}@tamper.test`, role: 'CONTRACTING_OFFICER' })).status).toBe(201);
    },
  }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the clean database, changed through a raw connection as an attacker would. */
async function tampered(name: string, attack: (sql: (q: string, args?: (string | number)[]) => Promise<Record<string, unknown>[]>) => Promise<void>): Promise<string> {
  const file = join(dir, `${name}.db`);
  copyFileSync(clean, file);
  const client = createClient({ url: `file:${file}`, intMode: 'number' });
  try {
    await attack(async (q, args = []) => (await client.execute({ sql: q, args })).rows as unknown as Record<string, unknown>[]);
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    client.close();
  }
  return `file:${file}`;
}

describe('npm run audit:verify shows tampering with recorded verifications and the audit log', () => {
  it('the database refuses to change a recorded verification or an audit entry while its triggers stand', async () => {
    await expect(
      tampered('refused-verification', (sql) => sql('UPDATE verifications SET eligible = 1 - eligible WHERE seq = 2').then(() => undefined)),
    ).rejects.toThrow(/recorded verifications are immutable/);
    await expect(tampered('refused-audit', (sql) => sql('DELETE FROM audit_log WHERE id = 2').then(() => undefined))).rejects.toThrow(/append-only/);
  });

  it('exits 0 on the untouched database, and 1 naming the broken link for each kind of tampering', async () => {
    const cases = await Promise.all([
      tampered('untouched', async () => {}),
      // The verdict of recorded verification 2 flipped.
      tampered('verification', async (sql) => {
        await sql('DROP TRIGGER verifications_no_update');
        await sql("UPDATE verifications SET eligible = 1 - eligible, answer_json = replace(answer_json, '\"eligible\":true', '\"eligible\":false') WHERE seq = 2");
      }),
      // What audit entry 3 says was done, rewritten.
      tampered('audit-entry', async (sql) => {
        await sql('DROP TRIGGER audit_log_no_update');
        await sql('UPDATE audit_log SET detail_json = ? WHERE id = 3', ['{"forged":true}']);
      }),
      // The same, with entry 3's own hash recomputed: the break shows at the next link.
      tampered('audit-rehashed', async (sql) => {
        await sql('DROP TRIGGER audit_log_no_update');
        const [row] = await sql('SELECT at, user_id, action, entity, entity_id, detail_json, prev_hash FROM audit_log WHERE id = 3');
        const forged = { at: row.at, userId: row.user_id, action: row.action, entity: row.entity, entityId: row.entity_id, detailJson: '{"forged":true}' };
        await sql('UPDATE audit_log SET detail_json = ?, hash = ? WHERE id = 3', [forged.detailJson, chainHash(String(row.prev_hash), forged)]);
      }),
      // Audit entry 5 removed.
      tampered('audit-deleted', async (sql) => {
        await sql('DROP TRIGGER audit_log_no_delete');
        await sql('DELETE FROM audit_log WHERE id = 5');
      }),
    ]);
    const [untouched, verification, auditEntry, rehashed, deleted] = await Promise.all(cases.map((url) => runScript('audit:verify', url)));

    expect(untouched.out).toMatch(/hash chains intact/);
    expect(untouched.code).toBe(0);

    expect(verification.code).toBe(1);
    expect(verification.out).toContain(`verification ${verificationIds[1]} (seq 2) does not match its hash chain`);
    expect(verification.out).not.toContain(verificationIds[0]);
    expect(verification.out).not.toContain(verificationIds[2]);

    expect(auditEntry.code).toBe(1);
    expect(auditEntry.out).toContain('audit entry 3 does not match its hash chain');
    expect(auditEntry.out).not.toMatch(/audit entry (?!3 )\d+/);

    expect(rehashed.code).toBe(1);
    expect(rehashed.out).toContain('audit entry 4 does not match its hash chain');
    expect(rehashed.out).not.toContain('audit entry 3 ');

    expect(deleted.code).toBe(1);
    expect(deleted.out).toContain('audit entry 6 does not match its hash chain');
    console.log(`tamper evidence: audit:verify exits ${untouched.code} untouched; ${verification.code}/${auditEntry.code}/${rehashed.code}/${deleted.code} after tampering\n${[verification, auditEntry, rehashed, deleted].map((r) => `  ${r.out.trim()}`).join('\n')}`);
  }, 60_000);
});
