/**
 * The check's statement through a prepared statement on a connection of its own (db/client.ts
 * `prepared`, issue 14): a local database file only; the same answers as the client's path and the
 * full history; every committed write seen by the next check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase } from '../../db/client.js';
import { fixedClock } from '../../src/clock.js';
import { evaluateCheck, evaluateWithHistory, type CheckInput } from '../../src/services/checks.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { affirmation, assessment, codesOf, company, envOn, TODAY } from '../helpers.js';

async function fileEnv() {
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-prepared-'));
  const database = await createTestDatabase(`file:${join(dir, 'check.db')}`);
  const clock = fixedClock(TODAY);
  await ensureAdminToken({ database, clock }, 'prepared-reads-admin-token');
  const env = envOn(database, clock);
  onTestFinished(() => {
    env.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const api = (method: string, path: string, body?: unknown) => env.api(method, path, body, 'prepared-reads-admin-token');
  return { ...env, api };
}

const award = (uids: string[]): CheckInput => ({ purpose: 'AWARD', requiredLevel: 'L2_SELF', asOf: TODAY, uids, offerorCage: 'PR001', nist: { cages: ['PR001'] } });

describe('prepared reads of the check statement', () => {
  it('exist for a database file and not for an in-memory one', async () => {
    const memory = await createTestDatabase();
    onTestFinished(() => memory.close());
    expect(memory.prepared).toBeNull();
    const { database } = await fileEnv();
    expect(database.prepared).not.toBeNull();
  });

  it('answer as the client path and the full history do, and see a write committed just before', async () => {
    const env = await fileEnv();
    const imported = await env.api('POST', '/api/v1/import', {
      companies: [company('PR001'), company('PR002', 'PR001')],
      assessments: [
        // Final Level 2 (C3PAO) of 2026-06-01 affirmed that day: current on 2026-11-23 (rules §2).
        assessment('PR00000001', ['PR001']),
        // Level 2 (Self) of 2025-10-01 affirmed only then: its annual affirmation lapsed on 2026-10-01.
        assessment('PR00000002', ['PR002'], { level: 'L2_SELF', statusDate: '2025-10-01', score: 110, affirmations: [affirmation('2025-10-01')] }),
      ],
    });
    expect(imported.status).toBe(201);
    const uids = ['PR00000001', 'PR00000002', 'PR00000003'];
    const ctx = { database: env.database, clock: env.clock };
    const prepared = (await evaluateCheck(ctx, award(uids))).answer;
    const viaClient = (await evaluateCheck({ ...ctx, database: { ...env.database, prepared: null } }, award(uids))).answer;
    const history = (await evaluateWithHistory(ctx, award(uids))).answer;
    expect(prepared).toEqual(viaClient);
    expect(prepared).toEqual(history);
    expect(prepared.uids.map((u) => [u.uid, u.eligible])).toEqual([
      ['PR00000001', true],
      ['PR00000002', false],
      ['PR00000003', false],
    ]);
    expect(prepared.uids[2].status).toBeNull();

    // Written through the client's connection, read at once through the prepared one: the new UID,
    // and the supersession of PR00000001 it brings (same company, scope and family, from 2026-11-02).
    expect((await env.api('POST', '/api/v1/import', { assessments: [assessment('PR00000003', ['PR001'], { statusDate: '2026-11-02', affirmations: [affirmation('2026-11-02')] })] })).status).toBe(201);
    const after = (await env.api('POST', '/api/v1/checks', award(uids))).json;
    expect(after.uids.map((u: { uid: string; eligible: boolean }) => [u.uid, u.eligible])).toEqual([
      ['PR00000001', false],
      ['PR00000002', false],
      ['PR00000003', true],
    ]);
    expect(after.uids[2].status.statusDate).toBe('2026-11-02');
    expect(codesOf(after.uids[0].reasons, 'error')).toContain('SUPERSEDED');
  });
});
