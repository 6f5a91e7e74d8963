/**
 * The daily reminder pass against a real SMTP server (issue 11 "Must show"): the right messages to
 * the right people on the right days, at most once, and never across companies.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { ServiceError } from '../../src/services/errors.js';
import { listInbox } from '../../src/services/notifications/inbox.js';
import { deliverOutbox } from '../../src/services/notifications/outbox.js';
import { runDailyPass } from '../../src/services/notifications/pass.js';
import { setPreferences } from '../../src/services/notifications/preferences.js';
import { AL, ANN, BEA, OFFICIAL, remindersAndSmtpPerTest, settingsFor, type RemindersEnv } from './fixtures.js';
import type { TestSmtp } from './smtp.js';
import { expectShows } from '../pages/expect-page.js';

let t: RemindersEnv;
let smtp: TestSmtp;
remindersAndSmtpPerTest((env, server) => {
  [t, smtp] = [env, server];
});

/** Runs the pass on `day` and returns what the relay received that day, as "to | subject" lines. */
async function passOn(day: string): Promise<string[]> {
  const before = smtp.received.length;
  const r = await runDailyPass(t.on(day), settingsFor(smtp.url));
  expect(r.failed).toBe(0);
  return smtp.received.slice(before).map((m) => `${m.to.join(',')} | ${m.subject}`).sort();
}

/**
 * What 1AAA1's three recipients receive about `uid`, as "day | to | subject" lines: due in 60, 30
 * and 7 days on the days given, then overdue on each day of `overdue`.
 */
function remindersOf1AAA1(uid: string, due: { 60: string; 30: string; 7: string }, overdue: string[]): string[] {
  const subjects = [
    ...Object.entries(due).map(([days, day]) => [day, `Affirmation due in ${days} days: UID ${uid} (Company 1AAA1)`]),
    ...overdue.map((day) => [day, `Affirmation overdue: UID ${uid} (Company 1AAA1) is not current`]),
  ];
  return subjects.flatMap(([day, subject]) => [AL, OFFICIAL, ANN].map((to) => `${day} | ${to} | ${subject}`));
}

describe('issue 11: the daily pass, day by day', () => {
  it('sends the right reminders to the right people on each day of an affirmation year (2026-03-01 through 2027-03-09)', async () => {
    const sent: string[] = [];
    for (let day = '2026-03-01'; day <= '2027-03-09'; day = addDays(day, 1)) for (const line of await passOn(day)) sent.push(`${day} | ${line}`);
    const expected = [
      // SHRD000001 (affirmed 2026-02-01, current through 2027-02-01) lists 2BBB1's CAGE but is 1AAA1's: Bea hears nothing.
      ...remindersOf1AAA1('SHRD000001', { 60: '2026-12-03', 30: '2027-01-02', 7: '2027-01-25' }, ['2027-02-02', '2027-02-09', '2027-02-16', '2027-02-23', '2027-03-02', '2027-03-09']),
      // AFFA000001, affirmed 2026-03-01: current through 2027-03-01.
      ...remindersOf1AAA1('AFFA000001', { 60: '2026-12-31', 30: '2027-01-30', 7: '2027-02-22' }, ['2027-03-02', '2027-03-09']),
      // AFFB000001, affirmed 2026-04-10 (current through 2027-04-10): only 2BBB1's user.
      `2027-02-09 | ${BEA} | Affirmation due in 60 days: UID AFFB000001 (Company 2BBB1)`,
    ];
    expect([...sent].sort()).toEqual([...expected].sort());
  }, 240_000);
});

const T = new Date('2026-12-31T11:00:00Z');
const at = (ms: number) => new Date(T.getTime() + ms);

async function outboxRows() {
  return t.env.database.db.all<{ to_address: string; state: string; attempts: number; next_attempt_at: string; last_error: string | null; message_id: string }>(
    sql`SELECT to_address, state, attempts, next_attempt_at, last_error, message_id FROM notification_outbox ORDER BY to_address`,
  );
}

describe('issue 11: at most once, retried, as each person wants', () => {
  it('creates and sends nothing new when the pass runs twice on a day', async () => {
    const first = await runDailyPass(t.on('2026-12-31'), settingsFor(smtp.url));
    expect(first).toEqual({ date: '2026-12-31', created: 3, sent: 3, failed: 0 });
    const again = await runDailyPass(t.on('2026-12-31'), settingsFor(smtp.url));
    expect(again).toEqual({ date: '2026-12-31', created: 0, sent: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([AL, ANN, OFFICIAL]);
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^<reminder-\d+\.[0-9a-f]{16}@awardgate\.test>$/);
  });

  it('sends plain text and HTML with a link to the page where one re-affirms, and only UIDs, dates and company names', async () => {
    await runDailyPass(t.on('2026-12-31'), settingsFor(smtp.url));
    const m = smtp.received.find((x) => x.to[0] === ANN)!;
    expect(m.from).toBe('reminders@awardgate.test');
    expectShows(m.text, [
      'The latest affirmation of continuous compliance for CMMC UID AFFA000001 (Company 1AAA1) is current through 2027-03-01.',
      'the UID is not current from 2027-03-02',
      'Re-affirm: https://awardgate.test/company/affirmations',
    ]);
    expect(m.html).toContain('<a href="https://awardgate.test/company/affirmations">Re-affirm</a>');
    // The assessment's scope (a system's name) and score stay out of e-mail.
    expect(m.text).not.toContain('propulsion');
    expect(m.text).not.toContain('110');
  });

  it('retries a message the relay refused once, after the backoff, with the same Message-ID', async () => {
    smtp.refuse(1, 451);
    const first = await runDailyPass(t.on('2026-12-31', T), settingsFor(smtp.url));
    expect(first).toMatchObject({ created: 3, sent: 2, failed: 1 });
    const waiting = (await outboxRows()).find((r) => r.state === 'PENDING')!;
    expect(waiting).toMatchObject({ attempts: 1, next_attempt_at: '2026-12-31T11:01:00.000Z' });
    expect(waiting.last_error).toContain('451');
    expect(await deliverOutbox(t.on('2026-12-31', at(30_000)), settingsFor(smtp.url))).toEqual({ sent: 0, failed: 0 });
    expect(await deliverOutbox(t.on('2026-12-31', at(60_000)), settingsFor(smtp.url))).toEqual({ sent: 1, failed: 0 });
    expect((await outboxRows()).map((r) => [r.to_address, r.state, r.attempts])).toEqual([
      [AL, 'SENT', expect.any(Number)],
      [ANN, 'SENT', expect.any(Number)],
      [OFFICIAL, 'SENT', expect.any(Number)],
    ]);
    expect((await outboxRows()).find((r) => r.message_id === waiting.message_id)!.attempts).toBe(2);
    expect(smtp.received.map((m) => m.messageId)).toContain(waiting.message_id);
    expect(smtp.received).toHaveLength(3);
  });

  it('backs off 1, 2, 4, 8 and 16 minutes and gives up after the sixth refused attempt', async () => {
    await setPreferences(t.on('2026-12-01'), t.actors.al, { disabledKinds: ['AFFIRMATION_DUE'] });
    await t.env.database.client.execute(`UPDATE affirming_officials SET removed_at = '2026-12-01T00:00:00Z'`);
    smtp.refuse(100, 451);
    expect(await runDailyPass(t.on('2026-12-31', T), settingsFor(smtp.url))).toMatchObject({ created: 1, sent: 0, failed: 1 });
    const minute = 60_000;
    let elapsed = 0;
    for (const wait of [1, 2, 4, 8, 16]) {
      expect(await deliverOutbox(t.on('2026-12-31', at((elapsed + wait) * minute - 1000)), settingsFor(smtp.url))).toEqual({ sent: 0, failed: 0 });
      elapsed += wait;
      expect(await deliverOutbox(t.on('2026-12-31', at(elapsed * minute)), settingsFor(smtp.url))).toEqual({ sent: 0, failed: 1 });
    }
    expect(await outboxRows()).toEqual([expect.objectContaining({ to_address: ANN, state: 'FAILED', attempts: 6 })]);
    expect(await deliverOutbox(t.on('2027-01-01'), settingsFor(smtp.url))).toEqual({ sent: 0, failed: 0 });
  });

  it('sends nothing of a kind a user switched off, but never lets anyone switch off an overdue affirmation', async () => {
    await setPreferences(t.on('2026-12-01'), t.actors.ann, { disabledKinds: ['AFFIRMATION_DUE'] });
    expect(await passOn('2026-12-31')).toEqual([
      `${AL} | Affirmation due in 60 days: UID AFFA000001 (Company 1AAA1)`,
      `${OFFICIAL} | Affirmation due in 60 days: UID AFFA000001 (Company 1AAA1)`,
    ]);
    expect((await passOn('2027-03-02')).filter((l) => l.startsWith(ANN))).toEqual([
      `${ANN} | Affirmation overdue: UID AFFA000001 (Company 1AAA1) is not current`,
      `${ANN} | Affirmation overdue: UID SHRD000001 (Company 1AAA1) is not current`,
    ]);
    const refused = await setPreferences(t.on('2026-12-01'), t.actors.ann, { disabledKinds: ['AFFIRMATION_OVERDUE'] }).catch((e) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused.errors).toEqual([{ path: 'disabledKinds', message: 'AFFIRMATION_OVERDUE and POAM_CLOSEOUT_DUE cannot be switched off: both end a status' }]);
    // The database holds the rule too, whatever writes to it.
    await expect(t.env.database.client.execute(`INSERT INTO notification_opt_outs (user_id, kind) VALUES (${t.actors.ann.id}, 'POAM_CLOSEOUT_DUE')`)).rejects.toThrow(/CHECK constraint failed/);
  });

  it('sends to the reminder address a user chose instead of the account address', async () => {
    await setPreferences(t.on('2026-12-01'), t.actors.al, { email: ' Al.Reminders@A.example ' });
    expect((await passOn('2026-12-31')).filter((l) => l.startsWith('al'))).toEqual([`al.reminders@a.example | Affirmation due in 60 days: UID AFFA000001 (Company 1AAA1)`]);
  });

  it("never sends a company's reminders to another company's users, even about a UID that lists their CAGE", async () => {
    expect(await passOn('2026-12-03')).toEqual([
      `${AL} | Affirmation due in 60 days: UID SHRD000001 (Company 1AAA1)`,
      `${ANN} | Affirmation due in 60 days: UID SHRD000001 (Company 1AAA1)`,
      `${OFFICIAL} | Affirmation due in 60 days: UID SHRD000001 (Company 1AAA1)`,
    ]);
    const settings = settingsFor(smtp.url);
    expect((await listInbox(t.on('2026-12-03'), t.actors.bea, settings)).total).toBe(0);
    expect((await listInbox(t.on('2026-12-03'), t.actors.ann, settings)).items.map((i) => i.subject)).toEqual(['SHRD000001']);
    expect(smtp.received.some((m) => m.to.includes(BEA))).toBe(false);
  });
});
