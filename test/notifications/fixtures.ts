/**
 * Two companies and their people for the reminder tests, imported through the real API (records
 * with their historical dates; the import's "today" is 2026-11-23, test/helpers.ts TODAY).
 *
 * - Company 1AAA1 (with the subsidiary CAGE 1AAA2): AFFA000001, a Final Level 2 (C3PAO) of
 *   2026-03-01 affirmed that day, so current through 2027-03-01; SHRD000001, affirmed 2026-02-01
 *   (current through 2027-02-01), which also lists company 2BBB1's CAGE: it is still 1AAA1's
 *   (its first CAGE), so only 1AAA1's people are reminded of it.
 * - Company 2BBB1: AFFB000001, a Final Level 2 (Self) affirmed 2026-04-10 (current through 2027-04-10).
 * - People: Ann (1AAA1) and Al (1AAA2) are 1AAA1's contractor users; Bea is 2BBB1's; the
 *   Affirming Official on file for 1AAA1 is ao@a.example (e-mail only); an officer and a C3PAO
 *   user who must hear nothing of these.
 */
import { fixedClock } from '../../src/clock.js';
import type { Actor } from '../../src/services/actor.js';
import { addOfficial } from '../../src/services/contractor.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { ReminderSettings } from '../../src/services/notifications/settings.js';
import { actorForApiToken } from '../../src/services/users.js';
import { beforeEach } from 'vitest';
import { ADMIN_TOKEN, affirmation, company, testEnv, type TestEnv } from '../helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';

export const ANN = 'ann@a.example';
export const AL = 'al@a.example';
export const OFFICIAL = 'ao@a.example';
export const BEA = 'bea@b.example';

export const settingsFor = (smtpUrl: string | null): ReminderSettings => ({ publicUrl: 'https://awardgate.test', mailFrom: 'AwardGate <reminders@awardgate.test>', smtpUrl });

export const companyRecords = {
  companies: [company('1AAA1'), company('1AAA2', '1AAA1'), company('2BBB1')],
  assessments: [
    { uid: 'AFFA000001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-03-01', cages: ['1AAA1'], scope: 'Enclave: propulsion lab', score: 110, affirmations: [affirmation('2026-03-01')] },
    { uid: 'SHRD000001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-02-01', cages: ['1AAA1', '2BBB1'], scope: 'Shared services', score: 110, affirmations: [affirmation('2026-02-01')] },
    { uid: 'AFFB000001', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-04-10', cages: ['2BBB1'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-04-10')] },
  ],
};

export interface RemindersEnv {
  env: TestEnv;
  tokens: { ann: string; bea: string };
  actors: { ann: Actor; al: Actor; bea: Actor; officer: Actor; c3pao: Actor; admin: Actor };
  /** A service context whose clock says `day` (the pass's "today"), optionally at a later instant of it. */
  on(day: string, instant?: Date): ServiceContext;
}

export async function actorOf(env: TestEnv, token: string): Promise<Actor> {
  const a = await actorForApiToken(env.database.db, token);
  if (!a) throw new Error('no actor for the token');
  return a;
}

/** Imports the companies above with `assessments` (default: the three UIDs above) and creates the people. */
export async function remindersEnv(assessments: unknown[] = companyRecords.assessments): Promise<RemindersEnv> {
  const env = await testEnv();
  const r = await env.api('POST', '/api/v1/import', { companies: companyRecords.companies, assessments });
  if (r.status !== 201) throw new Error(`import: ${r.status} ${JSON.stringify(r.json)}`);
  const tokens = { ann: await env.user(ANN, 'CONTRACTOR', '1AAA1'), bea: await env.user(BEA, 'CONTRACTOR', '2BBB1') };
  const actors = {
    ann: await actorOf(env, tokens.ann),
    al: await actorOf(env, await env.user(AL, 'CONTRACTOR', '1AAA2')),
    bea: await actorOf(env, tokens.bea),
    officer: await actorOf(env, await env.user('officer@agency.example', 'CONTRACTING_OFFICER')),
    c3pao: await actorOf(env, await env.user('assessor@c3pao.example', 'C3PAO')),
    admin: await actorOf(env, ADMIN_TOKEN),
  };
  await addOfficial({ database: env.database, clock: env.clock }, actors.ann, { name: 'Pat Lee', title: 'President', email: OFFICIAL });
  return { env, tokens, actors, on: (day, instant) => ({ database: env.database, clock: fixedClock(day, instant) }) };
}

/** Each test of the file gets a fresh reminders data set and SMTP server (handed to `use`), closed after it. */
export function remindersAndSmtpPerTest(use: (t: RemindersEnv, smtp: TestSmtp) => void): void {
  beforeEach(async () => {
    const t = await remindersEnv();
    const smtp = await startSmtp();
    use(t, smtp);
    return () => closeAll(t.env, smtp);
  });
}

/** Closes what a test started (an environment, an SMTP server), whichever it got to. */
export async function closeAll(env: { close(): void } | null, smtp: TestSmtp | null): Promise<void> {
  await smtp?.close();
  env?.close();
}
