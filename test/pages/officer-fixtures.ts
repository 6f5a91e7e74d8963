/**
 * SPRS records and helpers for the officer workspace tests. Records are imported through the admin
 * API with their historical dates; "today" is 2026-11-23 (test/helpers.ts TODAY).
 */
import { affirmation, company, eachTest, testEnv, type TestEnv } from '../helpers.js';
import { textById } from './html.js';
import { signInAs, type Session } from './page-helpers.js';

export const PASSWORD = 'correct horse battery';
export const OFFICER = 'officer@example.gov';

/** Final L2 (C3PAO), affirmed 2026-06-01: current through 2027-06-01. */
export const GOOD = 'GOOD1AAAA1';
/** Final L2 (C3PAO) of another Acme CAGE, affirmed 2025-12-15: current through 2026-12-15 (lapses soon). */
export const SOON = 'SOON1AAAA2';
/** Conditional L2 (C3PAO) of 2026-03-01: expired after 180 days (current through 2026-08-28). */
export const EXPIRED = 'COND1AAAA3';
/** A subcontractor's Final L2 (C3PAO): another CAGE hierarchy, so an information row. */
export const SUBCO = 'SUBC1AAAA4';
/** The replacement of the expired Conditional (same scope, posted 2026-10-01). */
export const REPLACEMENT = 'REPL1AAAA5';

export const records = {
  companies: [company('1AB23'), company('1AB24', '1AB23'), company('5SUB1'), company('7BE77')],
  assessments: [
    { uid: GOOD, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-06-01')] },
    { uid: SOON, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2025-12-01', cages: ['1AB24'], scope: 'Enclave: engineering', score: 110, affirmations: [affirmation('2025-12-15')] },
    { uid: EXPIRED, level: 'L2_C3PAO', status: 'CONDITIONAL', statusDate: '2026-03-01', cages: ['1AB23'], scope: 'Lab', score: 95, affirmations: [affirmation('2026-03-01')] },
    { uid: SUBCO, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-05-01', cages: ['5SUB1'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-05-01')] },
    { uid: REPLACEMENT, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-10-01', cages: ['1AB23'], scope: 'Lab', score: 110, supersedes: EXPIRED, affirmations: [affirmation('2026-10-01')] },
  ],
  nistAssessments: [{ cages: ['1AB23'], confidence: 'BASIC', assessmentDate: '2024-06-01', score: 95, fullImplementationDate: '2025-06-01' }],
};

export interface OfficerEnv {
  env: TestEnv;
  officer: Session;
}

export async function officerEnv(): Promise<OfficerEnv> {
  const env = await testEnv();
  const r = await env.api('POST', '/api/v1/import', records);
  if (r.status !== 201) throw new Error(`import: ${r.status} ${JSON.stringify(r.json)}`);
  await env.user(OFFICER, 'CONTRACTING_OFFICER', undefined, PASSWORD);
  return { env, officer: await signInAs(env, OFFICER, PASSWORD) };
}

/** A fresh officer environment for each test of the file (or `describe`) that calls it (see `eachTest`). */
export const officerEnvEach = (): OfficerEnv => eachTest(officerEnv, (t) => t.env.close());

/** A solicitation form for a Level 2 (C3PAO) CUI buy issued in phase 2, with DFARS 252.204-7012. */
export const solicitationForm = (over: Record<string, string> = {}) => ({
  number: 'W912QR-27-R-0001',
  title: 'Engineering support services',
  issueDate: '2026-11-20',
  actionType: 'CONTRACT',
  programOfficeLevel: 'L2_C3PAO',
  information: 'CUI',
  nistApplies: 'on',
  nistMaxAgeDays: '',
  plannedAwardDate: '',
  ...over,
});

export const idFrom = (location: string | null, pattern: RegExp): string => {
  const m = pattern.exec(location ?? '');
  if (!m) throw new Error(`no id in ${location}`);
  return m[1];
};

export async function createSolicitation(s: Session, over: Record<string, string> = {}): Promise<number> {
  const res = await s.post('/officer/solicitations', solicitationForm(over));
  if (res.status !== 303) throw new Error(`solicitation: ${res.status} ${await res.text()}`);
  return Number(idFrom(res.headers.get('location'), /\/officer\/solicitations\/(\d+)/));
}

export async function createOffer(s: Session, solicitationId: number, uids: string, over: Record<string, string> = {}): Promise<number> {
  const res = await s.post(`/officer/solicitations/${solicitationId}/offers`, { offerorName: 'Acme Machining LLC', cage: '1AB23', uei: '1AB23UEI0000', uids, ...over });
  if (res.status !== 303) throw new Error(`offer: ${res.status} ${await res.text()}`);
  return Number(idFrom(res.headers.get('location'), /\/officer\/offers\/(\d+)/));
}

export async function recordAward(s: Session, offerId: number, dates: Record<string, string> = {}): Promise<string> {
  const res = await s.post(`/officer/offers/${offerId}/award`, { asOf: '', lookAheadUntil: '', confirm: 'on', ...dates });
  if (res.status !== 303) throw new Error(`award: ${res.status} ${await res.text()}`);
  return idFrom(res.headers.get('location'), /\/officer\/verifications\/([0-9a-f-]{36})/);
}

/** Solicitation → offer of GOOD and SOON → eligible award → contract with two option periods. */
export async function awardedContract(s: Session, over: { number?: string; solicitation?: string; uids?: string } = {}): Promise<{ contractId: number; awardId: string }> {
  const sol = await createSolicitation(s, { number: over.solicitation ?? 'W912QR-27-R-0001' });
  const offer = await createOffer(s, sol, over.uids ?? `${GOOD} ${SOON}`);
  const awardId = await recordAward(s, offer);
  const res = await s.post('/officer/contracts', {
    awardVerificationId: awardId,
    number: over.number ?? 'W912QR-27-C-0001',
    awardDate: '2026-11-23',
    basePeriodEnd: '2027-11-30',
    'optionPeriods.0.label': 'Option 1',
    'optionPeriods.0.startDate': '2027-12-01',
    'optionPeriods.0.endDate': '2028-11-30',
    'optionPeriods.1.label': 'Option 2',
    'optionPeriods.1.startDate': '2028-12-01',
    'optionPeriods.1.endDate': '2029-11-30',
  });
  if (res.status !== 303) throw new Error(`contract: ${res.status} ${await res.text()}`);
  return { contractId: Number(idFrom(res.headers.get('location'), /\/officer\/contracts\/(\d+)/)), awardId };
}

/** The verdict heading of a rendered check ("Verdict: eligible for award", "Recorded verdict: …"). */
export const verdictOf = (html: string): string => textById(html, 'check-result-heading');
