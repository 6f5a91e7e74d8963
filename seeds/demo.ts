/**
 * Demo data set, loaded by seeds/bootstrap.ts into a NEW database at `npm start` (DEMO_SEED=off
 * skips it). Historical records go in through the bulk import (an administrator stands in for the
 * SPRS and eMASS feeds, api.md POST /api/v1/import); what naturally happens "today" goes through the
 * same services the API and pages call: an engagement, a C3PAO posting and its affirmation, a
 * contractor's self-assessment, a DIBCAC compliance change and two recorded verifications. Two
 * CMMC eMASS runs (a week ago and today) are applied from a fixture through the sync's own code.
 * The data and its dates (all relative to the clock's today) live in seeds/demo-data.ts.
 */
import { fixedClock, type Clock } from '../src/clock.js';
import { loadConfig, reminderSettings } from '../src/config.js';
import { addDays, type IsoDate } from '../src/domain/dates.js';
import type { Role } from '../src/domain/levels.js';
import type { Actor } from '../src/services/actor.js';
import { recordVerification } from '../src/services/checks.js';
import { createContract } from '../src/services/contracts.js';
import { createOffer, recordAward } from '../src/services/offers.js';
import { createSolicitation } from '../src/services/solicitations.js';
import type { ServiceContext } from '../src/services/context.js';
import { syncFromRecords } from '../src/services/emass/runs.js';
import { importRecords } from '../src/services/import.js';
import { ImportInput } from '../src/services/inputs.js';
import { markRead } from '../src/services/notifications/inbox.js';
import { runDailyPass } from '../src/services/notifications/pass.js';
import type { ReminderSettings } from '../src/services/notifications/settings.js';
import { postAssessment } from '../src/services/postings.js';
import { affirm, createEngagement, recordComplianceChange } from '../src/services/records.js';
import { actorForUserId, createUser } from '../src/services/users.js';
import {
  DEMO_ACCOUNTS,
  DEMO_COMPANIES,
  demoEmassRuns,
  DEMO_NIST,
  DEMO_UIDS,
  DEMO_VERIFICATIONS,
  DEMO_WORKSPACE,
  demoImport,
  resultsWith,
  TODAY_POSTINGS,
  type DemoAccount,
} from './demo-data.js';

export { DEMO_ACCOUNTS, DEMO_COMPANIES, DEMO_PASSWORD, DEMO_UIDS } from './demo-data.js';

/** Days of daily reminder passes the seed replays, as if the server had run its pass every morning for a month. */
const REMINDER_HISTORY_DAYS = 30;
/** Reminders older than this many days were read by their recipients (the newer ones stay unread). */
const REMINDERS_READ_AFTER_DAYS = 14;

/**
 * Loads the demo data set; returns a one-line summary. Call only on a new (empty, migrated) database.
 * `reminders`: the instance's reminder settings (links, Message-IDs); a seed never sends e-mail.
 */
export async function seedDemo(ctx: ServiceContext, reminders: ReminderSettings = reminderSettings(loadConfig({}))): Promise<string> {
  const today = ctx.clock.today();
  const { db } = ctx.database;

  // Accounts: the administrator first (no acting user yet), then the others by the administrator.
  const actors = new Map<string, Actor>();
  const actorOf = async (id: number) => (await actorForUserId(db, id))!;
  const [adminAccount, ...others] = [...DEMO_ACCOUNTS].sort((a, b) => Number(b.role === 'ADMIN') - Number(a.role === 'ADMIN'));
  const admin = await actorOf((await createUser(ctx, null, account(adminAccount))).id);
  actors.set(adminAccount.email, admin);

  // Companies, historical SPRS records and NIST SP 800-171 DoD Assessments, parsed as the API would.
  const imported = await importRecords(ctx, admin, ImportInput.parse(demoImport(today)));

  // The CMMC eMASS feed: a run a week ago and one today, from a fixture of the records eMASS sends.
  const feedRuns = [];
  for (const run of demoEmassRuns(today, ctx.clock.zone)) {
    const seen = run.seenOn === today ? ctx : { ...ctx, clock: { ...fixedClock(run.seenOn), zone: ctx.clock.zone } };
    const r = await syncFromRecords(seen, run.records);
    if (r.busy || r.run.outcome !== 'SUCCEEDED') throw new Error(`the demo eMASS run did not succeed: ${JSON.stringify(r)}`);
    feedRuns.push(r.run);
  }

  for (const a of others) actors.set(a.email, await actorOf((await createUser(ctx, admin, account(a))).id));
  const actorFor = (role: Role, cage?: string) => actors.get(DEMO_ACCOUNTS.find((a) => a.role === role && (cage === undefined || a.company?.cage === cage))!.email)!;
  const prime = actorFor('CONTRACTOR', DEMO_COMPANIES.keystone.cage);
  const sub = actorFor('CONTRACTOR', DEMO_COMPANIES.brightwater.cage);
  const c3pao = actorFor('C3PAO');
  const dibcac = actorFor('DIBCAC');
  const officer = actorFor('CONTRACTING_OFFICER');

  // The prime engages its C3PAO, which posts today's Level 2 (C3PAO) result (Conditional, with a
  // POA&M); the prime's Affirming Official affirms it the same day (32 CFR 170.21, 170.22).
  await createEngagement(ctx, prime, { companyCage: DEMO_COMPANIES.keystone.cage, assessorEmail: c3pao.email });
  const depot = TODAY_POSTINGS.c3paoConditional;
  const posted = await postAssessment(ctx, c3pao, depot.cage, {
    level: 'L2_C3PAO',
    scope: depot.scope,
    scopeDescription: 'Depot-maintenance planning and technical orders (CUI)',
    results: resultsWith('L2_C3PAO', depot.poam),
  });
  await affirm(ctx, prime, posted.uid, { name: 'Margaret Okafor', title: 'Chief Information Security Officer', email: 'm.okafor@keystone-aero.example' });

  // The subcontractor posts a Level 1 (Self) self-assessment for its FCI-only shipping systems.
  const l1 = TODAY_POSTINGS.subcontractorL1;
  const subPosted = await postAssessment(ctx, sub, l1.cage, {
    level: 'L1_SELF',
    scope: l1.scope,
    results: resultsWith('L1_SELF'),
    affirmation: { name: 'Daniel Reyes', title: 'President', email: 'dreyes@brightwater-pm.example' },
  });

  // A DoD reassessment finding ends the currency of a UID from the change's own date (rules §3.3).
  await recordComplianceChange(ctx, dibcac, DEMO_UIDS.complianceChanged.uid, {
    date: addDays(today, -12),
    description: 'DIBCAC reassessment: multifactor authentication not enforced for remote access to the quality-records system',
  });

  // Two recorded verifications for the prime: an award and an option exercise (DFARS 204.7503, 217.207).
  const U = DEMO_UIDS;
  const award = await recordVerification(ctx, officer, {
    purpose: 'AWARD',
    requiredLevel: DEMO_VERIFICATIONS.award.requiredLevel,
    uids: [U.finalL2C3pao.uid, U.closeoutSuccess.uid, U.subcontractorUid.uid],
    offerorCage: DEMO_COMPANIES.keystone.cage,
    nist: { cages: [DEMO_COMPANIES.keystone.cage, ...DEMO_NIST.highCurrent.cages] },
    solicitationNumber: DEMO_VERIFICATIONS.award.solicitationNumber,
  });
  const option = await recordVerification(ctx, officer, {
    purpose: 'OPTION',
    requiredLevel: DEMO_VERIFICATIONS.option.requiredLevel,
    uids: [U.finalL3.uid],
    offerorCage: DEMO_COMPANIES.keystone.cage,
    nist: { cages: [...DEMO_NIST.highCurrent.cages] },
    contractNumber: DEMO_VERIFICATIONS.option.contractNumber,
    sam: { active: true, ueiCageNameAddressMatch: true },
  });

  // The officer's workspace (issue 10): a solicitation awarded to the foreign firm, whose Level 1
  // status lapses before the contract's first option (so the watch list flags it), and an open one
  // with the prime's offer waiting for its check.
  const W = DEMO_WORKSPACE;
  const awarded = await createSolicitation(ctx, officer, { ...W.awarded.solicitation, issueDate: addDays(today, -45), plannedAwardDate: today });
  const aldermoor = await createOffer(ctx, officer, awarded.id, { ...W.awarded.offer, uids: [...W.awarded.offer.uids] });
  const workspaceAward = await recordAward(ctx, officer, aldermoor.id, {});
  await createContract(ctx, officer, {
    awardVerificationId: workspaceAward.verificationId,
    number: W.awarded.contractNumber,
    awardDate: today,
    basePeriodEnd: addDays(today, 59),
    optionPeriods: [
      { label: 'Option 1', startDate: addDays(today, 60), endDate: addDays(today, 424) },
      { label: 'Option 2', startDate: addDays(today, 425), endDate: addDays(today, 789) },
    ],
  });
  const open = await createSolicitation(ctx, officer, { ...W.open.solicitation, issueDate: addDays(today, -10), plannedAwardDate: addDays(today, 30) });
  await createOffer(ctx, officer, open.id, { ...W.open.offer, uids: [...W.open.offer.uids] });

  // Reminders (issue 11): the daily pass of each of the last 30 days, through the scheduler's own
  // code, as if the server had run every morning; the people read what is older than two weeks.
  // Without a relay the messages wait in the outbox, where administrators read them.
  let reminded = 0;
  for (let ago = REMINDER_HISTORY_DAYS; ago >= 0; ago--) {
    const day = addDays(today, -ago);
    const then: ServiceContext = { ...ctx, clock: morningOf(day, ctx.clock) };
    if (ago === REMINDERS_READ_AFTER_DAYS) for (const actor of actors.values()) await markRead(then, actor, 'all');
    reminded += (await runDailyPass(then, { ...reminders, smtpUrl: null })).created;
  }

  const n = imported.imported;
  return [
    `as of ${today}: ${n.companies} companies, ${n.assessments} imported UIDs + 2 posted today (${posted.uid}, ${subPosted.uid})`,
    `${n.nistAssessments} NIST SP 800-171 assessments`,
    `${feedRuns.length} eMASS runs (${feedRuns.map((r) => `${r.counts.added} added, ${r.counts.updated} updated, ${r.counts.withdrawn} withdrawn, ${r.counts.unchanged} unchanged, ${r.counts.quarantined} quarantined`).join('; then ')})`,
    `${DEMO_ACCOUNTS.length} accounts (password ${DEMO_ACCOUNTS[0].password})`,
    `3 recorded verifications (award ${award.eligible ? 'eligible' : 'NOT eligible'}, option ${option.eligible ? 'eligible' : 'NOT eligible'}, workspace award ${workspaceAward.eligible ? 'eligible' : 'NOT eligible'})`,
    `2 solicitations and 1 contract in the officer's workspace`,
    `${reminded} reminders from the daily passes of the last ${REMINDER_HISTORY_DAYS} days`,
  ].join('; ');
}

/** A past morning's clock: the day itself, at the default NOTIFY_AT (06:00 in New York, 11:00 UTC). */
const morningOf = (day: IsoDate, clock: Clock): Clock => ({ now: () => new Date(`${day}T11:00:00Z`), today: () => day, pinned: clock.pinned, zone: clock.zone });

const account = (a: DemoAccount) => ({ email: a.email, role: a.role, name: a.name, password: a.password, companyCage: a.company?.cage ?? null, demo: true });
