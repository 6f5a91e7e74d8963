/**
 * The demo data set shows reminders after `npm start` (seeds/demo.ts replays the daily pass of the
 * last 30 days through the pass's own code). Seeded on 2026-11-23, the prime's Program Osprey UID
 * SJ6CB5C5EN was last affirmed 420 days before (2025-09-29), so its affirmation held through
 * 2026-09-29 and it has been overdue since 2026-09-30 (day 1): weekly reminders on days 29, 36, 43
 * and 50 fall in the 30 days. The subcontractor's 468TZ2E633 was affirmed only 500 days before
 * (2025-07-11): overdue since 2026-07-12, days 106 to 134 fall in them. Reminders older than 14
 * days were read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../db/client.js';
import { fixedClock } from '../../src/clock.js';
import type { Actor } from '../../src/services/actor.js';
import { listInbox } from '../../src/services/notifications/inbox.js';
import { listOutbox } from '../../src/services/notifications/outbox.js';
import { actorForUserId } from '../../src/services/users.js';
import { seedDemo } from '../../seeds/demo.js';
import { settingsFor } from './fixtures.js';
import { TEST_PASSWORD_HASH_N } from '../helpers.js';

const settings = settingsFor(null);
let database: Database;
let summary: string;
const ctx = () => ({ database, clock: fixedClock('2026-11-23'), passwordHashN: TEST_PASSWORD_HASH_N });
async function account(email: string): Promise<Actor> {
  const rows = await database.client.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] });
  return (await actorForUserId(database.db, Number(rows.rows[0].id)))!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  summary = await seedDemo(ctx(), settings);
}, 60_000);
afterAll(() => database.close());

describe('the demo data set\'s reminders', () => {
  it("puts the prime's overdue-affirmation reminders of the last 30 days in its inbox, the last two weeks' unread", async () => {
    const prime = await account('prime@awardgate.demo');
    const { items, total, unread } = await listInbox(ctx(), prime, settings, { order: 'newest', limit: 50 });
    expect({ total, unread }).toEqual({ total: 4, unread: 2 });
    expect(items.map((i) => `${i.createdOn} ${i.kind} ${i.subject} ${i.deadline}${i.read ? '' : ' unread'}`)).toEqual([
      '2026-11-18 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29 unread',
      '2026-11-11 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29 unread',
      '2026-11-04 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-10-28 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
    ]);
    expect(items[0].path).toBe('/company/affirmations');
  });

  it('says how many reminders it wrote, and keeps every message in the outbox for the administrators (no relay)', async () => {
    const admin = await account('admin@awardgate.demo');
    const { counts } = await listOutbox(ctx(), admin, settings, { limit: 1 });
    // The prime's 4 and the subcontractor's 5.
    expect(summary).toContain('9 reminders from the daily passes of the last 30 days');
    const sub = await listInbox(ctx(), await account('subcontractor@awardgate.demo'), settings, { limit: 50 });
    expect(sub.items.map((i) => `${i.createdOn} ${i.kind} ${i.subject}`)).toEqual([
      '2026-11-22 AFFIRMATION_OVERDUE 468TZ2E633',
      '2026-11-15 AFFIRMATION_OVERDUE 468TZ2E633',
      '2026-11-08 AFFIRMATION_OVERDUE 468TZ2E633',
      '2026-11-01 AFFIRMATION_OVERDUE 468TZ2E633',
      '2026-10-25 AFFIRMATION_OVERDUE 468TZ2E633',
    ]);
    // Each has its message waiting (no relay); none was sent.
    expect(counts).toEqual({ PENDING: 9, SENT: 0, FAILED: 0 });
  });
});
