/**
 * The demo data set shows reminders after `npm start` (seeds/demo.ts replays the daily pass of the
 * last 90 days through the pass's own code). Seeded on 2026-11-23, the prime's Program Osprey UID
 * SJ6CB5C5EN was last affirmed 420 days before (2025-09-29), so its affirmation held through
 * 2026-09-29: due 30 and 7 days before (2026-08-30, 2026-09-22), overdue the day after (2026-09-30)
 * and weekly since. The Tucson self-assessment 5WPD0VNLLZ, affirmed 2025-10-19 and superseded 45
 * days before the seed (2026-10-09), was due 30 days before 2026-10-19, on 2026-09-19, while still
 * current. Reminders older than 14 days were read.
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

const settings = settingsFor(null);
let database: Database;
let summary: string;
const ctx = () => ({ database, clock: fixedClock('2026-11-23') });
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
  it("puts the prime's affirmation reminders of the last 90 days in its inbox, the last two weeks' unread", async () => {
    const prime = await account('prime@awardgate.demo');
    const { items, total, unread } = await listInbox(ctx(), prime, settings, { order: 'newest', limit: 50 });
    expect({ total, unread }).toEqual({ total: 11, unread: 2 });
    expect(items.map((i) => `${i.createdOn} ${i.kind} ${i.subject} ${i.deadline}${i.read ? '' : ' unread'}`)).toEqual([
      '2026-11-18 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29 unread',
      '2026-11-11 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29 unread',
      '2026-11-04 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-10-28 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-10-21 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-10-14 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-10-07 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-09-30 AFFIRMATION_OVERDUE SJ6CB5C5EN 2026-09-29',
      '2026-09-22 AFFIRMATION_DUE SJ6CB5C5EN 2026-09-29',
      '2026-09-19 AFFIRMATION_DUE 5WPD0VNLLZ 2026-10-19',
      '2026-08-30 AFFIRMATION_DUE SJ6CB5C5EN 2026-09-29',
    ]);
    expect(items[0].path).toBe('/company/affirmations');
  });

  it('says how many reminders it wrote, and keeps every message in the outbox for the administrators (no relay)', async () => {
    const admin = await account('admin@awardgate.demo');
    const { counts } = await listOutbox(ctx(), admin, settings, { limit: 1 });
    // The prime's 11, and the subcontractor's 13: its 468TZ2E633 was affirmed only 500 days before
    // (2025-07-11), so overdue since 2026-07-12 (day 1); days 50 (2026-08-30) to 134 (2026-11-22) fall in the 90 days.
    expect(summary).toContain('24 reminders from the daily passes of the last 90 days');
    const sub = await listInbox(ctx(), await account('subcontractor@awardgate.demo'), settings, { limit: 50 });
    expect(sub.items.map((i) => `${i.kind} ${i.subject}`)).toEqual(Array(13).fill('AFFIRMATION_OVERDUE 468TZ2E633'));
    expect([sub.items[0].createdOn, sub.items[12].createdOn]).toEqual(['2026-11-22', '2026-08-30']);
    // Each has its message waiting (no relay); none was sent.
    expect(counts).toEqual({ PENDING: 24, SENT: 0, FAILED: 0 });
  });
});
