/**
 * Backups and restores refused or made whole (README "Operating AwardGate"): a remote libSQL URL is
 * refused with the way a server is backed up instead; a backup never overwrites; a restore refuses a
 * backup that fails `PRAGMA integrity_check`, whose hash chains do not verify, or that a newer
 * build migrated, and changes nothing then; the schedule writes through the same script and keeps
 * the newest BACKUP_KEEP. Real libSQL files in a temp folder; tampering through a raw connection.
 */
import { existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/client.js';
import { fixedClock } from '../../src/clock.js';
import { backupDatabase, BackupRefused, pruneBackups, restoreDatabase, scheduledBackup } from '../../src/services/ops/backup.js';
import { recordedDatabaseFile, TODAY } from '../helpers.js';
import { query, runScript } from '../resilience/server.js';

let dir: string;
/** A clean database with 2 recorded verifications, checkpointed into its main file. */
let clean: string;
let verificationIds: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awardgate-backup-'));
  ({ file: clean, verificationIds } = await recordedDatabaseFile(dir, { cage: 'BK001', uid: 'BKUP000001', solicitations: ['BACKUP-1', 'BACKUP-2'] }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh backup of the clean database, optionally changed through a raw connection. */
async function backupOf(name: string, change?: (sql: (q: string, args?: (string | number)[]) => Promise<unknown>) => Promise<void>): Promise<string> {
  const file = join(dir, `${name}.backup.db`);
  await backupDatabase(`file:${clean}`, file);
  if (change) {
    const client = createClient({ url: `file:${file}` });
    try {
      await change((q, args = []) => client.execute({ sql: q, args }));
    } finally {
      client.close();
    }
  }
  return file;
}

/** A deployment (its own database file) holding `uid` only, to restore into. */
async function deployment(name: string): Promise<string> {
  const file = join(dir, `${name}.deploy.db`);
  const database = await createTestDatabase(`file:${file}`);
  await database.client.execute("INSERT INTO companies (cage, hlo_cage, name, sam_active, updated_at) VALUES ('DP001', 'DP001', 'Before the restore', 1, '2026-11-23T00:00:00Z')");
  database.close();
  return file;
}

const refusal = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
  } catch (e) {
    expect(e).toBeInstanceOf(BackupRefused);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('db:backup', () => {
  it('refuses a libSQL server URL, naming what serves instead', async () => {
    const message = await refusal(backupDatabase('http://127.0.0.1:8080', join(dir, 'remote.db')));
    expect(message).toBe(
      'db:backup works on an embedded database (DATABASE_URL=file:…); this DATABASE_URL is a libSQL server, whose own snapshots and point-in-time restore serve instead (README "Operating AwardGate").',
    );
    const script = await runScript('db:backup', 'libsql://awardgate-demo.turso.io', ['--to', join(dir, 'remote.db')]);
    expect(script.code).toBe(1);
    expect(script.out).toContain('this DATABASE_URL is a libSQL server');
    expect(existsSync(join(dir, 'remote.db'))).toBe(false);
  }, 30_000);

  it('never writes over an existing file', async () => {
    const file = join(dir, 'exists.db');
    writeFileSync(file, 'an earlier backup');
    expect(await refusal(backupDatabase(`file:${clean}`, file))).toBe(`${file} already exists: a backup never overwrites a file; name a new one.`);
    expect(statSync(file).size).toBe('an earlier backup'.length);
  });

  it('writes a copy holding every record, whose chains verify', async () => {
    const file = await backupOf('whole');
    expect(await query(`file:${file}`, 'SELECT id FROM verifications ORDER BY seq')).toEqual(verificationIds.map((id) => ({ id })));
    expect(await query(`file:${file}`, 'SELECT uid FROM assessments')).toEqual([{ uid: 'BKUP000001' }]);
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });
});

describe('db:restore', () => {
  it('restores a good backup into a stopped deployment and keeps the database it replaced', async () => {
    const target = await deployment('good');
    const result = await restoreDatabase(`file:${target}`, await backupOf('good'), new Date('2026-11-23T12:00:00Z'));
    expect(result).toMatchObject({ target, previous: `${target}.before-restore-20261123T120000Z`, verifications: 2, integrity: ['ok'], chains: { ok: true, problems: [] } });
    expect(await query(`file:${target}`, 'SELECT id FROM verifications ORDER BY seq')).toEqual(verificationIds.map((id) => ({ id })));
    expect(await query(`file:${result.previous}`, 'SELECT name FROM companies')).toEqual([{ name: 'Before the restore' }]);
  });

  it('refuses a backup that fails PRAGMA integrity_check, and changes nothing', async () => {
    const backup = await backupOf('corrupt');
    // Scribble over the middle of the file's b-tree pages (page 1, the header, stays readable).
    const fd = openSync(backup, 'r+');
    const page = Buffer.alloc(4);
    readSync(fd, page, 0, 2, 16);
    const pageSize = page.readUInt16BE(0);
    const pages = Math.floor(statSync(backup).size / pageSize);
    for (let p = 2; p < pages; p++) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, p * pageSize - 200);
    closeSync(fd);
    const target = await deployment('corrupt');
    const message = await refusal(restoreDatabase(`file:${target}`, backup));
    expect(message).toMatch(/^The backup (fails PRAGMA integrity_check|is not a readable SQLite database)/);
    expect(message).toMatch(/nothing was changed\.$/);
    expect(await query(`file:${target}`, 'SELECT name FROM companies')).toEqual([{ name: 'Before the restore' }]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.corrupt'))).toEqual([]);
  });

  it('refuses a backup whose hash chain was tampered with (npm run db:restore exits 1 and names the link)', async () => {
    const backup = await backupOf('tampered', async (sql) => {
      await sql('DROP TRIGGER verifications_no_update');
      await sql("UPDATE verifications SET solicitation_number = 'FORGED' WHERE seq = 2");
    });
    const target = await deployment('tampered');
    const script = await runScript('db:restore', `file:${target}`, ['--from', backup]);
    expect(script.code).toBe(1);
    expect(script.out).toContain(`The backup's hash chains do not verify (verification ${verificationIds[1]} (seq 2) does not match its hash chain); nothing was changed.`);
    expect(await query(`file:${target}`, 'SELECT name FROM companies')).toEqual([{ name: 'Before the restore' }]);
  }, 30_000);

  it('refuses a backup migrated by a newer build', async () => {
    const backup = await backupOf('newer', (sql) => sql('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)', ['from-a-newer-build', 4102444800000]).then(() => {}));
    const target = await deployment('newer');
    expect(await refusal(restoreDatabase(`file:${target}`, backup))).toBe(
      'The backup was made by a newer AwardGate (1 migration(s) this build does not carry): restore it with that build; nothing was changed.',
    );
  });

  it('refuses while a server holds the deployment (an unexpired instance lease)', async () => {
    const target = await deployment('in-use');
    const client = createClient({ url: `file:${target}` });
    await client.execute({ sql: 'INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)', args: ['instance:test', 'h', new Date().toISOString(), new Date(Date.now() + 60_000).toISOString()] });
    client.close();
    const message = await refusal(restoreDatabase(`file:${target}`, await backupOf('in-use')));
    expect(message).toMatch(/^The deployment is in use: 1 AwardGate server\(s\) hold .+ \(lease until .+\)\. Stop every server first; after a crash, wait until the lease has expired\. Nothing was changed\.$/);
    expect(await query(`file:${target}`, 'SELECT name FROM companies')).toEqual([{ name: 'Before the restore' }]);
  });
});

describe('scheduled backups (BACKUP_DIR, BACKUP_KEEP)', () => {
  it('keep the newest BACKUP_KEEP backups and drop half-written ones', () => {
    const folder = mkdtempSync(join(dir, 'prune-'));
    const names = ['awardgate-20261120T000000Z.db', 'awardgate-20261121T000000Z.db', 'awardgate-20261122T000000Z.db', 'awardgate-20261123T000000Z.db'];
    for (const n of [...names, 'awardgate-20261123T060000Z.db.partial-4242', 'notes.txt']) writeFileSync(join(folder, n), 'x');
    expect(pruneBackups(folder, 2).sort()).toEqual(['awardgate-20261120T000000Z.db', 'awardgate-20261121T000000Z.db', 'awardgate-20261123T060000Z.db.partial-4242']);
    expect(readdirSync(folder).sort()).toEqual(['awardgate-20261122T000000Z.db', 'awardgate-20261123T000000Z.db', 'notes.txt']);
  });

  it('write a backup through db:backup in a child process, named by the instant, and prune', async () => {
    const folder = mkdtempSync(join(dir, 'scheduled-'));
    writeFileSync(join(folder, 'awardgate-20200101T000000Z.db'), 'old');
    const database = await createTestDatabase(`file:${clean}`);
    const clock = fixedClock(TODAY, new Date('2026-11-23T09:00:00Z'));
    const r = await scheduledBackup({ database, clock }, { databaseUrl: `file:${clean}`, dir: folder, everyHours: 6, keep: 1, timezone: 'America/New_York' });
    database.close();
    expect(r).toEqual({ file: join(folder, 'awardgate-20261123T090000Z.db'), removed: ['awardgate-20200101T000000Z.db'] });
    expect(await query(`file:${r.file}`, 'SELECT id FROM verifications ORDER BY seq')).toEqual(verificationIds.map((id) => ({ id })));
  }, 30_000);
});
