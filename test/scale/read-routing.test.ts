/**
 * Read-your-writes routing of db/client.ts: checks read the replica (DATABASE_READ_URL), except
 * during a write through this instance and for a short window after it, when they read the primary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, migrateDatabase, type Database } from '../../db/client.js';

const dirs: string[] = [];
const opened: Database[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function pair(readYourWritesMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-routing-'));
  dirs.push(dir);
  const database = await createDatabase({ url: `file:${join(dir, 'primary.db')}`, readUrl: `file:${join(dir, 'replica.db')}`, readYourWritesMs });
  opened.push(database);
  await migrateDatabase(database);
  return database;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('read routing with a replica', () => {
  it('reads the replica once the primary has been quiet for the window', async () => {
    const database = await pair(40);
    await pause(60);
    expect(database.readDb).not.toBe(database.db);
    await database.db.all('SELECT 1');
    expect(database.readDb).not.toBe(database.db);
  });

  it('reads the primary for the window after a write transaction commits', async () => {
    const database = await pair(40);
    await pause(60);
    await database.db.transaction(async (tx) => {
      await tx.run('CREATE TABLE routing_probe (id integer primary key)');
      // Not committed yet: no other connection, primary or replica, can see it.
      expect(database.readDb).not.toBe(database.db);
    });
    expect(database.readDb).toBe(database.db);
    await pause(60);
    expect(database.readDb).not.toBe(database.db);
  });

  it('reads the primary right after a single write statement outside a transaction', async () => {
    const database = await pair(40);
    await pause(60);
    await database.client.execute("INSERT INTO companies (cage, hlo_cage, name, updated_at) VALUES ('1RT01', '1RT01', 'Probe', '2026-11-23T00:00:00Z')");
    expect(database.readDb).toBe(database.db);
  });

  it('reads the primary when no replica is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-routing-'));
    dirs.push(dir);
    const database = await createDatabase({ url: `file:${join(dir, 'only.db')}` });
    opened.push(database);
    expect(database.readDb).toBe(database.db);
  });
});

describe('write queue of a local database', () => {
  it('runs concurrent write transactions one after another instead of failing with SQLITE_BUSY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-routing-'));
    dirs.push(dir);
    const database = await createDatabase({ url: `file:${join(dir, 'queue.db')}` });
    opened.push(database);
    await migrateDatabase(database);
    const write = (i: number) =>
      database.db.transaction(async (tx) => {
        await tx.run(`INSERT INTO companies (cage, hlo_cage, name, updated_at) VALUES ('1WQ0${i}', '1WQ0${i}', 'Queued', '2026-11-23T00:00:00Z')`);
        // Another request's turn of the event loop while this transaction holds the write lock.
        await pause(10);
        await tx.run(`UPDATE companies SET name = 'Queued ${i}' WHERE cage = '1WQ0${i}'`);
      });
    const results = await Promise.allSettled([1, 2, 3, 4].map(write));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const rows = await database.client.execute("SELECT name FROM companies WHERE cage LIKE '1WQ0%' ORDER BY cage");
    expect(rows.rows.map((r) => r.name)).toEqual(['Queued 1', 'Queued 2', 'Queued 3', 'Queued 4']);
  });
});
