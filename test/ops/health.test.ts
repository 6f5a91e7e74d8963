/**
 * /healthz (the process is up) and /readyz (the database answers, its migrations are this build's,
 * no registered subsystem is failing), both without sign-in and without configuration in the
 * answer. Real libSQL databases, in memory and in temp files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { createReadiness } from '../../src/services/ops/readiness.js';
import { TODAY } from '../helpers.js';

const clock = fixedClock(TODAY);

async function probe(app: ReturnType<typeof createApp>, path: string) {
  const r = await app.request(path);
  return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
}

describe('GET /healthz and GET /readyz', () => {
  it('answer 200 without sign-in while the database answers and is migrated', async () => {
    const database = await createTestDatabase();
    const app = createApp({ database, clock });
    const health = await probe(app, '/healthz');
    expect(health).toEqual({ status: 200, type: 'application/json', body: '{"status":"ok"}' });
    const ready = await probe(app, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    database.close();
  });

  it('/readyz answers 503 once the database is closed; /healthz still 200', async () => {
    const database = await createTestDatabase();
    const app = createApp({ database, clock });
    database.close();
    const ready = await probe(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'not ready', checks: { database: 'failing', migrations: 'failing' } });
    expect((await probe(app, '/healthz')).status).toBe(200);
  });

  it('/readyz answers 503 when the database file was removed under the server, and names no path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-readyz-'));
    const file = join(dir, 'sprs.db');
    const database = await createTestDatabase(`file:${file}`);
    const app = createApp({ database, clock, ops: { readiness: createReadiness(database, { databaseFile: file }) } });
    expect((await probe(app, '/readyz')).status).toBe(200);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    const ready = await probe(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'not ready', checks: { database: 'the database file is gone', migrations: 'ok' } });
    expect(ready.body).not.toContain(dir);
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('/readyz answers 503 when a committed migration is not applied, or the database has one this build lacks', async () => {
    const database = await createTestDatabase();
    const app = createApp({ database, clock });
    const [last] = (await database.client.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1')).rows;
    await database.client.execute({ sql: 'DELETE FROM __drizzle_migrations WHERE created_at = ?', args: [last.created_at] });
    let ready = await probe(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).checks).toEqual({ database: 'ok', migrations: '1 migration(s) pending' });

    await database.client.execute({ sql: 'INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?), (?, ?)', args: [last.hash, last.created_at, 'from-a-newer-build', 4102444800000] });
    ready = await probe(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).checks).toEqual({ database: 'ok', migrations: '1 applied migration(s) unknown to this build' });
    database.close();
  });

  it('/readyz reflects a registered subsystem check, without the text of what it threw', async () => {
    const database = await createTestDatabase();
    const readiness = createReadiness(database);
    const app = createApp({ database, clock, ops: { readiness } });
    let feed: 'ok' | 'down' | 'throws' = 'ok';
    readiness.register('emass', async () => {
      if (feed === 'throws') throw new Error('connect ECONNREFUSED https://emass.example.mil/api?api-key=SECRET');
      return feed === 'ok' ? { ok: true } : { ok: false, reason: 'the last 3 runs failed' };
    });
    expect(() => readiness.register('emass', async () => ({ ok: true }))).toThrow(/already registered/);

    expect(JSON.parse((await probe(app, '/readyz')).body)).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', emass: 'ok' } });
    feed = 'down';
    const down = await probe(app, '/readyz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body).checks.emass).toBe('the last 3 runs failed');
    feed = 'throws';
    const thrown = await probe(app, '/readyz');
    expect(thrown.status).toBe(503);
    expect(JSON.parse(thrown.body).checks.emass).toBe('failing');
    expect(thrown.body).not.toMatch(/emass\.example|SECRET|ECONNREFUSED/);
    database.close();
  });

  it('/readyz answers 503 "shutting down" once the shutdown drains it', async () => {
    const database = await createTestDatabase();
    const readiness = createReadiness(database);
    const app = createApp({ database, clock, ops: { readiness } });
    readiness.drain();
    const ready = await probe(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'shutting down', checks: { database: 'ok', migrations: 'ok' } });
    database.close();
  });
});
