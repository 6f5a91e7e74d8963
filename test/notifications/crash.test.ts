/**
 * A crash between writing the outbox and sending (issue 11 "Must show"): the pass runs in a child
 * process that is killed with SIGKILL at that point; after a restart each message is delivered
 * exactly once, counted as distinct Message-IDs at a real SMTP server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, apiCaller, TODAY } from '../helpers.js';
import { AL, ANN, companyRecords } from './fixtures.js';
import { startSmtp, type TestSmtp } from './smtp.js';

const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));
const DAY = '2026-12-31';
const T = '2026-12-31T11:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(T) + minutes * 60_000).toISOString();

let dir: string;
let url: string;
let smtp: TestSmtp;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awardgate-reminders-crash-'));
  url = `file:${join(dir, 'sprs.db')}`;
  const clock = fixedClock(TODAY);
  const database = await createTestDatabase(url);
  await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
  const api = apiCaller(createApp({ database, clock }));
  expect((await api('POST', '/api/v1/import', companyRecords)).status).toBe(201);
  for (const [email, cage] of [[ANN, '1AAA1'], [AL, '1AAA2']]) expect((await api('POST', '/api/v1/users', { email, role: 'CONTRACTOR', companyCage: cage })).status).toBe(201);
  database.close();
  smtp = await startSmtp();
});
afterEach(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ChildRun {
  paused: boolean;
  result: { created: number; sent: number; failed: number } | null;
}

/** Runs the pass in a child; when it pauses, kills it with SIGKILL. */
function runChild(instant: string, stop?: 'after-outbox' | 'after-send'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/notifications/pass-child.ts', url, smtp.url, DAY, instant, ...(stop ? [stop] : [])], {
      cwd: PROJECT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let paused = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not finish in time: ${out} ${err}`));
    }, 90_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!paused && out.includes('PAUSED\n')) {
        paused = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (paused && signal === 'SIGKILL') return resolve({ paused, result: null });
      if (code !== 0) return reject(new Error(`the child exited with ${code ?? signal}: ${err}`));
      resolve({ paused, result: JSON.parse(out.trim().split('\n').at(-1)!) });
    });
  });
}

async function outbox(): Promise<{ message_id: string; state: string; to_address: string }[]> {
  const database: Database = await createTestDatabase(url);
  try {
    return (await database.client.execute('SELECT message_id, state, to_address FROM notification_outbox ORDER BY id')).rows as unknown as { message_id: string; state: string; to_address: string }[];
  } finally {
    database.close();
  }
}

const distinct = (xs: string[]) => new Set(xs).size;

describe('issue 11: a crash between the outbox and the relay', () => {
  it('delivers every message exactly once after a SIGKILL right after the outbox was committed', async () => {
    expect(await runChild(T, 'after-outbox')).toEqual({ paused: true, result: null });
    const written = await outbox();
    expect(written.map((r) => [r.to_address, r.state]).sort()).toEqual([
      [AL, 'PENDING'],
      [ANN, 'PENDING'],
    ]);
    expect(smtp.received).toHaveLength(0);

    expect((await runChild(T)).result).toEqual({ date: DAY, created: 0, sent: 2, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    expect(distinct(smtp.received.map((m) => m.messageId))).toBe(2);
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual(written.map((r) => r.message_id).sort());
    expect((await outbox()).map((r) => r.state)).toEqual(['SENT', 'SENT']);
  }, 240_000);

  it('sends again with the same Message-ID after a SIGKILL between the relay accepting a message and marking it sent, once the claim has expired', async () => {
    expect(await runChild(T, 'after-send')).toEqual({ paused: true, result: null });
    expect(smtp.received).toHaveLength(1);
    const first = smtp.received[0].messageId;
    expect((await outbox()).map((r) => r.state)).toEqual(['PENDING', 'PENDING']);

    // A minute later the dead sender's claim still holds the rows it took: nobody sends them twice at once.
    expect((await runChild(later(1))).result).toEqual({ date: DAY, created: 0, sent: 0, failed: 0 });
    // Once the claim (5 minutes) has expired, both go out; the one already accepted again with its Message-ID.
    expect((await runChild(later(10))).result).toEqual({ date: DAY, created: 0, sent: 2, failed: 0 });

    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(3);
    expect(ids.filter((id) => id === first)).toHaveLength(2);
    expect(distinct(ids)).toBe(2);
    expect((await outbox()).map((r) => r.state)).toEqual(['SENT', 'SENT']);
  }, 240_000);
});
