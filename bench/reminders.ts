/**
 * The daily reminder pass over the DoD-scale data set (issue 11 "Must show": it works set-based in
 * SQL, goal ≤ 60 s at 1.7M UIDs). bench/run.ts calls `benchReminders`; it also runs alone:
 *
 *   npx tsx bench/reminders.ts --db file:bench/out/dod-0.05.db [--today 2026-11-23]
 *
 * The generated data set has no accounts, so the bench first gives it recipients, set-based and
 * idempotently: one contractor user per company (HLO), an Affirming Official with an e-mail for
 * every second company, and a C3PAO user engaged with every twentieth. It clears earlier
 * notifications, then times the pass as the scheduler runs it (no SMTP_URL: messages stay in the
 * outbox, as in the demo), and a second pass on the same day, which must create nothing.
 */
import { pathToFileURL } from 'node:url';
import { createDatabase, migrateDatabase, type Database } from '../db/client.js';
import { fixedClock } from '../src/clock.js';
import { findDueReminders } from '../src/services/notifications/due.js';
import { runDailyPass } from '../src/services/notifications/pass.js';
import type { ReminderSettings } from '../src/services/notifications/settings.js';

export interface RemindersBench {
  date: string;
  uids: number;
  recipients: { contractorUsers: number; officials: number; engagements: number };
  /** Reminders due before fan-out (UIDs, contracts, flowdown checks). */
  due: number;
  /** Finding them alone, after the pass (SQL candidates, loading them, the domain's rules). */
  findSeconds: number;
  pass: { seconds: number; cpuSeconds: number; created: number; sent: number; failed: number };
  outbox: number;
  rerun: { seconds: number; created: number };
}

const SETTINGS: ReminderSettings = { publicUrl: 'http://localhost:3000', mailFrom: 'AwardGate <reminders@awardgate.invalid>', smtpUrl: null };

const scalar = async (database: Database, sql: string): Promise<number> => Number((await database.client.execute(sql)).rows[0].n);

async function ensureRecipients(database: Database, now: string): Promise<RemindersBench['recipients']> {
  const c = database.client;
  await c.execute({
    sql: `INSERT INTO users (email, role, company_cage, created_at)
          SELECT 'contractor-' || lower(cage) || '@bench.invalid', 'CONTRACTOR', cage, ? FROM companies WHERE cage = hlo_cage
          ON CONFLICT DO NOTHING`,
    args: [now],
  });
  await c.execute({
    sql: `INSERT INTO affirming_officials (hlo_cage, name, title, email, created_at)
          SELECT cage, 'Pat Lee', 'President', 'ao-' || lower(cage) || '@bench.invalid', ? FROM companies
          WHERE cage = hlo_cage AND rowid % 2 = 0 AND NOT EXISTS (SELECT 1 FROM affirming_officials o WHERE o.hlo_cage = companies.cage)`,
    args: [now],
  });
  await c.execute({ sql: `INSERT INTO users (email, role, created_at) VALUES ('c3pao@bench.invalid', 'C3PAO', ?) ON CONFLICT DO NOTHING`, args: [now] });
  await c.execute({
    sql: `INSERT INTO engagements (company_hlo_cage, assessor_user_id, created_at)
          SELECT cage, (SELECT id FROM users WHERE email = 'c3pao@bench.invalid'), ? FROM companies WHERE cage = hlo_cage AND rowid % 20 = 0
          ON CONFLICT DO NOTHING`,
    args: [now],
  });
  return {
    contractorUsers: await scalar(database, `SELECT count(*) AS n FROM users WHERE role = 'CONTRACTOR'`),
    officials: await scalar(database, `SELECT count(*) AS n FROM affirming_officials`),
    engagements: await scalar(database, `SELECT count(*) AS n FROM engagements`),
  };
}

export async function benchReminders(url: string, today: string, log: (s: string) => void = () => {}): Promise<RemindersBench> {
  const database = await createDatabase({ url });
  try {
    await migrateDatabase(database);
    const clock = fixedClock(today);
    const ctx = { database, clock };
    log('reminders: giving the data set recipients…');
    const recipients = await ensureRecipients(database, clock.now().toISOString());
    await database.client.execute('DELETE FROM notification_outbox');
    await database.client.execute('DELETE FROM notifications');
    const uids = await scalar(database, 'SELECT count(*) AS n FROM assessments');

    // The pass first, as a freshly started server runs it (nothing computed yet in this process).
    log('reminders: the daily pass…');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const pass = await runDailyPass(ctx, SETTINGS);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const outbox = await scalar(database, `SELECT count(*) AS n FROM notification_outbox WHERE state = 'PENDING'`);

    log('reminders: finding what is due, alone…');
    const f0 = performance.now();
    const { items } = await findDueReminders(ctx);
    const findSeconds = (performance.now() - f0) / 1000;

    const r0 = performance.now();
    const again = await runDailyPass(ctx, SETTINGS);
    const rerunSeconds = (performance.now() - r0) / 1000;
    if (again.created !== 0) throw new Error(`the second pass of the day created ${again.created} notifications`);
    return {
      date: today,
      uids,
      recipients,
      due: items.length,
      findSeconds,
      pass: { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, created: pass.created, sent: pass.sent, failed: pass.failed },
      outbox,
      rerun: { seconds: rerunSeconds, created: again.created },
    };
  } finally {
    database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const db = opt('db');
  if (!db) throw new Error('--db file:… (a data set made by npm run seed:dod) is required');
  const { DOD_TODAY } = await import('../seeds/dod-scale.js');
  const r = await benchReminders(db, opt('today') ?? DOD_TODAY, (s) => process.stderr.write(`${s}\n`));
  console.log(JSON.stringify(r, null, 2));
}
