/**
 * The other reminder kinds of issue 11, each to its own people: POA&M closeouts (with the engaged
 * C3PAO for Level 2 (C3PAO)), aging statuses, options at risk (the officers who recorded the
 * contract's verifications, weekly) and flowdown re-checks (the prime's users).
 */
import { inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { fixedClock } from '../../src/clock.js';
import { addDays } from '../../src/domain/dates.js';
import { calendarDeadlines } from '../../src/services/notifications/calendar.js';
import { runDailyPass } from '../../src/services/notifications/pass.js';
import { actorForUserId } from '../../src/services/users.js';
import { affirmation, flowdownCheckBody } from '../helpers.js';
import { awardedContract, officerEnv, OFFICER } from '../pages/officer-fixtures.js';
import { AL, ANN, BEA, remindersEnv, settingsFor, type RemindersEnv } from './fixtures.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { expectShows } from '../pages/expect-page.js';

let smtp: TestSmtp;
beforeEach(async () => {
  smtp = await startSmtp();
});
afterEach(async () => {
  await smtp.close();
});

/** Runs the pass each day from `from` through `to`; returns "day | to | subject" lines. */
async function walk(database: RemindersEnv['env']['database'], from: string, to: string): Promise<string[]> {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const before = smtp.received.length;
    await runDailyPass({ database, clock: fixedClock(day) }, settingsFor(smtp.url));
    for (const m of smtp.received.slice(before)) out.push(`${day} | ${m.to.join(',')} | ${m.subject}`);
  }
  return out.sort();
}

describe('issue 11: POA&M closeouts and aging statuses', () => {
  let t: RemindersEnv;
  beforeEach(async () => {
    t = await remindersEnv([
      // Conditional of 2026-10-01: day 180 is 2027-03-30.
      { uid: 'CNDA000001', level: 'L2_C3PAO', status: 'CONDITIONAL', statusDate: '2026-10-01', cages: ['1AAA1'], scope: 'Enclave: lab', score: 100, affirmations: [affirmation('2026-10-01')] },
      { uid: 'CNDS000001', level: 'L2_SELF', status: 'CONDITIONAL', statusDate: '2026-10-01', cages: ['1AAA2'], scope: 'Plant 2', score: 100, affirmations: [affirmation('2026-10-01')] },
      // Final Level 1 of 2026-06-01: one year, current through 2027-06-01.
      { uid: 'LVL1000001', level: 'L1_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AAA1'], scope: 'Enterprise', affirmations: [affirmation('2026-06-01')] },
    ]);
    const r = await t.env.api('POST', '/api/v1/engagements', { companyCage: '1AAA1', assessorEmail: 'assessor@c3pao.example' });
    expect(r.status).toBe(201);
    await t.env.user('unengaged@c3pao.example', 'C3PAO');
  });
  afterEach(() => t.env.close());

  it('reminds 30 and 7 days before day 180 (2027-02-28, 2027-03-23), the engaged C3PAO only for Level 2 (C3PAO), and 90 days before a Level 1 status ages out', async () => {
    expect(await walk(t.env.database, '2027-02-25', '2027-03-31')).toEqual([
      `2027-02-28 | ${AL} | POA&M closeout due in 30 days: UID CNDA000001 (Company 1AAA1)`,
      `2027-02-28 | ${AL} | POA&M closeout due in 30 days: UID CNDS000001 (Company 1AAA1)`,
      `2027-02-28 | ${ANN} | POA&M closeout due in 30 days: UID CNDA000001 (Company 1AAA1)`,
      `2027-02-28 | ${ANN} | POA&M closeout due in 30 days: UID CNDS000001 (Company 1AAA1)`,
      `2027-02-28 | assessor@c3pao.example | POA&M closeout due in 30 days: UID CNDA000001 (Company 1AAA1)`,
      `2027-03-03 | ${AL} | CMMC status expires in 90 days: UID LVL1000001 (Company 1AAA1)`,
      `2027-03-03 | ${ANN} | CMMC status expires in 90 days: UID LVL1000001 (Company 1AAA1)`,
      `2027-03-23 | ${AL} | POA&M closeout due in 7 days: UID CNDA000001 (Company 1AAA1)`,
      `2027-03-23 | ${AL} | POA&M closeout due in 7 days: UID CNDS000001 (Company 1AAA1)`,
      `2027-03-23 | ${ANN} | POA&M closeout due in 7 days: UID CNDA000001 (Company 1AAA1)`,
      `2027-03-23 | ${ANN} | POA&M closeout due in 7 days: UID CNDS000001 (Company 1AAA1)`,
      `2027-03-23 | assessor@c3pao.example | POA&M closeout due in 7 days: UID CNDA000001 (Company 1AAA1)`,
    ]);
    const toAssessor = smtp.received.find((m) => m.to[0] === 'assessor@c3pao.example')!;
    expectShows(toAssessor.text, [
      'The Conditional status of CMMC UID CNDA000001 (Company 1AAA1) is current through 2027-03-30, day 180 of its POA&M (32 CFR 170.21(b)).',
      'https://awardgate.test/assessor',
    ]);
    expect(smtp.received.find((m) => m.to[0] === ANN)!.text).toContain('https://awardgate.test/company/poam');
  }, 60_000);
});

describe('issue 11: flowdown re-checks', () => {
  let t: RemindersEnv;
  beforeEach(async () => {
    t = await remindersEnv();
  });
  afterEach(() => t.env.close());

  it("reminds the prime's users 30 days before the evidence of a recorded check stops being current (2027-01-10 → 2026-12-11)", async () => {
    // Under a Level 2 (C3PAO) prime contract handling CUI.
    const evidence = { kind: 'SPRS_PRINTOUT', reference: 'SPRS print-out', uids: ['SUBX000001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-01-10', affirmationDate: '2026-01-10' };
    const body = flowdownCheckBody({ primeContractNumber: 'N00019-26-C-0001', subcontractor: { cage: '3SUB1', name: 'Sub Precision' }, evidence });
    const r = await t.env.api('POST', '/api/v1/flowdown-checks', body, t.tokens.ann);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ mayAward: true, evidenceCurrentThrough: '2027-01-10' });
    const lines = (await walk(t.env.database, '2026-12-09', '2026-12-13')).filter((l) => l.includes('Flowdown'));
    expect(lines).toEqual([
      `2026-12-11 | ${AL} | Flowdown re-check due in 30 days: Sub Precision on N00019-26-C-0001`,
      `2026-12-11 | ${ANN} | Flowdown re-check due in 30 days: Sub Precision on N00019-26-C-0001`,
    ]);
    expect(smtp.received.some((m) => m.to.includes(BEA))).toBe(false);
    expect(smtp.received.find((m) => m.subject.startsWith('Flowdown'))!.text).toContain('https://awardgate.test/flowdown/recheck');
  }, 60_000);
});

describe('issue 11: options at risk', () => {
  it('tells the officer who recorded the contract, weekly while a UID lapses before the next option date, and no other officer', async () => {
    const { env, officer } = await officerEnv();
    try {
      await env.user('other.officer@example.gov', 'CONTRACTING_OFFICER');
      // GOOD1AAAA1 is current through 2027-06-01 and SOON1AAAA2 through 2026-12-15: both before Option 1 (2027-12-01).
      await awardedContract(officer);
      const lines = (await walk(env.database, '2026-11-23', '2026-12-07')).filter((l) => l.includes('Option at risk'));
      expect(lines).toEqual([
        `2026-11-23 | ${OFFICER} | Option at risk: contract W912QR-27-C-0001 (Acme Machining LLC)`,
        `2026-11-30 | ${OFFICER} | Option at risk: contract W912QR-27-C-0001 (Acme Machining LLC)`,
        `2026-12-07 | ${OFFICER} | Option at risk: contract W912QR-27-C-0001 (Acme Machining LLC)`,
      ]);
      const m = smtp.received.find((x) => x.subject.startsWith('Option at risk'))!;
      expectShows(m.text, [
        'Option 1 of contract W912QR-27-C-0001 (Acme Machining LLC) starts on 2027-12-01.',
        'GOOD1AAAA1',
        'SOON1AAAA2',
        'https://awardgate.test/officer/watch',
      ]);
      // The officer's calendar has the option date; the other officer's has nothing.
      const [officerRow, otherRow] = await env.database.db.select().from(users).where(inArray(users.email, [OFFICER, 'other.officer@example.gov'])).orderBy(users.id);
      const ctx = { database: env.database, clock: fixedClock('2026-11-23') };
      const officerActor = (await actorForUserId(env.database.db, officerRow.id))!;
      expect((await calendarDeadlines(ctx, officerActor)).map((d) => [d.kind, d.subject, d.date])).toEqual([['OPTION_AT_RISK', 'W912QR-27-C-0001', '2027-12-01']]);
      expect(await calendarDeadlines(ctx, (await actorForUserId(env.database.db, otherRow.id))!)).toEqual([]);
    } finally {
      env.close();
    }
  }, 60_000);
});
