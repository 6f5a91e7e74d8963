/**
 * The officer's view of recorded verifications (rules §5: immutable contract-file records): a
 * sortable list, what each was recorded for (offer, contract, option period), and CSV exports.
 * Reads only; recording is `recordVerification` in checks.ts, and the stored answer is `getVerification`.
 */
import { and, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { contracts, contractVerifications, offers, offerVerifications, optionPeriods, verifications } from '../../db/schema.js';
import { LEVEL_LABEL, type Level, type Purpose } from '../domain/levels.js';
import { reconstructedOn } from '../domain/recording-dates.js';
import type { Actor } from './actor.js';
import type { RecordedVerification } from './checks.js';
import type { ServiceContext } from './context.js';
import { toCsv } from './csv.js';
import { assertOfficer } from './solicitations.js';
import { orderFor, pageOf, type ListQuery } from './list-query.js';

export interface VerificationSummary {
  id: string;
  purpose: Purpose;
  eligible: boolean;
  asOf: string;
  requiredLevel: Level;
  contractNumber: string | null;
  solicitationNumber: string | null;
  recordedByEmail: string;
  recordedAt: string;
  /** Who the verification was about: the offer's offeror, else the contract's contractor (issue 10). */
  offerorName: string | null;
  /** The offeror's CAGE code as the check was asked, else the offer's or the contract's. */
  offerorCage: string | null;
}

/**
 * The offeror's name and CAGE come from the workspace row the verification was recorded for (an
 * offer or a contract); a verification recorded through the API alone has only the CAGE it asked with.
 */
const offerorName = sql<string | null>`coalesce(${offers.offerorName}, ${contracts.contractorName})`;
const offerorCage = sql<string | null>`coalesce(json_extract(${verifications.requestJson}, '$.offerorCage'), ${offers.cage}, ${contracts.cage})`;

const summaryColumns = {
  id: verifications.id,
  purpose: verifications.purpose,
  eligible: verifications.eligible,
  asOf: verifications.asOf,
  requiredLevel: verifications.requiredLevel,
  contractNumber: verifications.contractNumber,
  solicitationNumber: verifications.solicitationNumber,
  recordedByEmail: verifications.recordedByEmail,
  recordedAt: verifications.recordedAt,
  offerorName,
  offerorCage,
};

/** The summaries' FROM: each verification with the offer or contract it was recorded for, if any. */
const summaryFrom = (db: ServiceContext['database']['db']) =>
  db
    .select(summaryColumns)
    .from(verifications)
    .leftJoin(offerVerifications, eq(offerVerifications.verificationId, verifications.id))
    .leftJoin(offers, eq(offers.id, offerVerifications.offerId))
    .leftJoin(contractVerifications, eq(contractVerifications.verificationId, verifications.id))
    .leftJoin(contracts, eq(contracts.id, contractVerifications.contractId));

export const VERIFICATION_SORTS = ['recordedAt', 'asOf', 'purpose', 'contractNumber', 'solicitationNumber', 'offerorName', 'eligible'] as const;
export type VerificationSort = (typeof VERIFICATION_SORTS)[number];

export interface VerificationFilter {
  number?: string | null;
  purpose?: Purpose | null;
}

function filterWhere(f: VerificationFilter): SQL | undefined {
  const parts: SQL[] = [];
  const n = f.number?.trim().toUpperCase();
  if (n) parts.push(or(like(verifications.contractNumber, `%${n}%`), like(verifications.solicitationNumber, `%${n}%`))!);
  if (f.purpose) parts.push(eq(verifications.purpose, f.purpose));
  return parts.length ? and(...parts) : undefined;
}

export async function listVerificationSummaries(
  ctx: ServiceContext,
  actor: Actor,
  opts: VerificationFilter & Omit<ListQuery<VerificationSort>, 'q'>,
): Promise<{ rows: VerificationSummary[]; total: number }> {
  assertOfficer(actor);
  const { db } = ctx.database;
  const col = {
    recordedAt: verifications.seq,
    asOf: verifications.asOf,
    purpose: verifications.purpose,
    contractNumber: verifications.contractNumber,
    solicitationNumber: verifications.solicitationNumber,
    offerorName,
    eligible: verifications.eligible,
  }[opts.sort];
  const where = filterWhere(opts);
  return pageOf(db, verifications, summaryFrom(db).$dynamic(), where, orderFor(col, opts.dir, desc(verifications.seq)), opts);
}

export async function summariesByIds(ctx: ServiceContext, ids: string[]): Promise<VerificationSummary[]> {
  if (!ids.length) return [];
  return summaryFrom(ctx.database.db).where(inArray(verifications.id, ids)).orderBy(desc(verifications.seq));
}

/** What a verification was recorded for, read from the workspace's link tables. */
export interface VerificationLinks {
  offer: { id: number; solicitationId: number; offerorName: string } | null;
  contract: { id: number; number: string } | null;
  optionPeriod: { id: number; label: string; startDate: string; endDate: string } | null;
  extendedTo: string | null;
  /** The contract created from this award verification, if any. */
  contractFromAward: { id: number; number: string } | null;
}

export async function verificationLinks(ctx: ServiceContext, id: string): Promise<VerificationLinks> {
  const { db } = ctx.database;
  const [offer] = await db
    .select({ id: offers.id, solicitationId: offers.solicitationId, offerorName: offers.offerorName })
    .from(offerVerifications)
    .innerJoin(offers, eq(offers.id, offerVerifications.offerId))
    .where(eq(offerVerifications.verificationId, id));
  const [link] = await db
    .select({ contractId: contracts.id, number: contracts.number, optionPeriodId: contractVerifications.optionPeriodId, extendedTo: contractVerifications.extendedTo })
    .from(contractVerifications)
    .innerJoin(contracts, eq(contracts.id, contractVerifications.contractId))
    .where(eq(contractVerifications.verificationId, id));
  const [period] = link?.optionPeriodId
    ? await db
        .select({ id: optionPeriods.id, label: optionPeriods.label, startDate: optionPeriods.startDate, endDate: optionPeriods.endDate })
        .from(optionPeriods)
        .where(eq(optionPeriods.id, link.optionPeriodId))
    : [];
  const [fromAward] = await db.select({ id: contracts.id, number: contracts.number }).from(contracts).where(eq(contracts.awardVerificationId, id));
  return {
    offer: offer ?? null,
    contract: link ? { id: link.contractId, number: link.number } : null,
    optionPeriod: period ?? null,
    extendedTo: link?.extendedTo ?? null,
    contractFromAward: fromAward ?? null,
  };
}

/** "yes" when the record reconstructs a past decision (issue 10: labelled so in CSV as on screen and in print). */
const reconstruction = (v: { asOf: string; recordedAt: string }, zone: string, today: string) => (reconstructedOn(v, zone, today) ? 'yes' : 'no');

/** The list as CSV: one line per verification. */
export function verificationsCsv(rows: VerificationSummary[], zone: string, today: string): string {
  return toCsv(
    ['verification_id', 'purpose', 'eligible', 'as_of', 'required_level', 'contract_number', 'solicitation_number', 'offeror_name', 'offeror_cage', 'recorded_by', 'recorded_at', 'reconstruction'],
    rows.map((r) => [
      r.id,
      r.purpose,
      r.eligible ? 'yes' : 'no',
      r.asOf,
      r.requiredLevel,
      r.contractNumber,
      r.solicitationNumber,
      r.offerorName,
      r.offerorCage,
      r.recordedByEmail,
      r.recordedAt,
      reconstruction(r, zone, today),
    ]),
  );
}

/**
 * One verification as CSV for the contract file: one line per reason (so every reason keeps its
 * citation), and a line for a UID or CAGE with no reason at all.
 */
export function verificationCsv(v: RecordedVerification, zone: string, today: string): string {
  const head = [v.verificationId, v.purpose, v.eligible ? 'yes' : 'no', v.asOf, v.requiredLevel, v.contractNumber, v.solicitationNumber, v.recordedBy, v.recordedAt, reconstruction(v, zone, today)];
  const rows: (string | number | boolean | null | undefined)[][] = [];
  for (const r of v.reasons) rows.push([...head, 'offer', '', '', '', '', '', '', r.severity, r.code, r.message, r.citation]);
  for (const u of v.uids) {
    const s = u.status;
    const base = [...head, 'uid', u.uid, u.eligible ? 'yes' : 'no', s ? LEVEL_LABEL[s.level] : '', s?.type ?? '', s?.statusDate ?? '', s?.currentThrough ?? ''];
    if (!u.reasons.length) rows.push([...base, '', '', '', '']);
    for (const r of u.reasons) rows.push([...base, r.severity, r.code, r.message, r.citation]);
  }
  for (const n of v.nist) {
    const a = n.assessment;
    const base = [...head, 'nist', n.cage, n.eligible ? 'yes' : 'no', a ? `score ${a.score} (${a.confidence})` : '', '', a?.assessmentDate ?? '', a?.validThrough ?? ''];
    if (!n.reasons.length) rows.push([...base, '', '', '', '']);
    for (const r of n.reasons) rows.push([...base, r.severity, r.code, r.message, r.citation]);
  }
  return toCsv(
    [
      'verification_id', 'purpose', 'offer_eligible', 'as_of', 'required_level', 'contract_number', 'solicitation_number', 'recorded_by', 'recorded_at', 'reconstruction',
      'row', 'uid_or_cage', 'row_eligible', 'level_or_score', 'status_type', 'status_or_assessment_date', 'current_through',
      'severity', 'code', 'message', 'citation',
    ],
    rows,
  );
}
