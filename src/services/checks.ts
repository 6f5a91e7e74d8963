/**
 * The award / option / extension / new-UID check (DFARS 204.7503) and recorded verifications.
 * Reads may go to a read replica; recording writes to the primary.
 */
import { recordingDateErrors } from '../domain/recording-dates.js';
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, verifications } from '../../db/schema.js';
import { checkOffer, DEFAULT_LOOK_AHEAD_DAYS, distinctUids, type CheckAnswer, type CheckRequest } from '../domain/eligibility.js';
import { isUid, normaliseId } from '../domain/identifiers.js';
import type { Level, Purpose } from '../domain/levels.js';
import { requireReach, type Actor } from './actor.js';
import { appendAudit, asStored, canonicalJson, chainHash, GENESIS_HASH } from './audit.js';
import type { ServiceContext } from './context.js';
import { invalid, notFound } from './errors.js';
import { hloOfCage, loadC3paoRecordsOfScopes, loadCheckReads, loadNistRecords, loadStatusRecords } from './status-records.js';

export interface CheckInput {
  purpose: Purpose;
  requiredLevel: Level;
  asOf?: string | null;
  uids: string[];
  offerorCage?: string | null;
  lookAheadDays?: number | null;
  lookAheadUntil?: string | null;
  nist?: { cages: string[]; maxAgeDays?: number | null } | null;
  /** API only: `true` asks for a recorded verification (routes call recordVerification). */
  record?: boolean;
  contractNumber?: string | null;
  solicitationNumber?: string | null;
  sam?: { active: boolean; ueiCageNameAddressMatch: boolean } | null;
}


function checkRequest(input: CheckInput, asOf: string, offerorCage: string | null, nistCages: string[]): CheckRequest {
  return {
    purpose: input.purpose,
    requiredLevel: input.requiredLevel,
    asOf,
    uids: input.uids,
    offerorCage,
    lookAheadDays: input.lookAheadDays ?? DEFAULT_LOOK_AHEAD_DAYS,
    lookAheadUntil: input.lookAheadUntil ?? null,
    nist: input.nist ? { cages: nistCages, maxAgeDays: input.nist.maxAgeDays ?? null } : null,
    sam: input.sam ?? null,
  };
}

const inputIds = (input: CheckInput) => ({
  uids: distinctUids(input.uids).uids.filter(isUid),
  offerorCage: input.offerorCage ? normaliseId(input.offerorCage) : null,
  nistCages: (input.nist?.cages ?? []).map(normaliseId),
});

/**
 * Runs the check against the records as they stood on `asOf`. Reads each UID's key dates
 * (status-records.ts loadCheckReads, issue 14); the answer equals the full history's
 * (src/domain/timeline.test.ts, test/services/check-timeline.test.ts).
 */
export async function evaluateCheck(ctx: ServiceContext, input: CheckInput): Promise<{ answer: CheckAnswer }> {
  const db = ctx.database.readDb;
  const asOf = input.asOf ?? ctx.clock.today();
  const { uids, offerorCage, nistCages } = inputIds(input);
  const { records, offerorHlo, nistRecords } = await loadCheckReads(db, uids, offerorCage, nistCages, asOf, ctx.database.prepared);
  const l3Scopes = [...records.values()].filter((r) => r.level === 'L3_DIBCAC').map((r) => ({ hloCage: r.hloCage, scopeKey: r.scopeKey }));
  const prerequisites = await loadC3paoRecordsOfScopes(db, l3Scopes);
  const data = { records, prerequisites, offerorHlo: offerorCage ? (offerorHlo ?? offerorCage) : null, nistRecords };
  return { answer: checkOffer(checkRequest(input, asOf, offerorCage, nistCages), data) };
}

/** The check on the full history, with the records it relied on (what a recorded verification stores). */
export async function evaluateWithHistory(ctx: ServiceContext, input: CheckInput) {
  const db = ctx.database.readDb;
  const asOf = input.asOf ?? ctx.clock.today();
  const { uids, offerorCage, nistCages } = inputIds(input);
  const records = await loadStatusRecords(db, uids);
  const l3Scopes = [...records.values()].filter((r) => r.level === 'L3_DIBCAC').map((r) => ({ hloCage: r.hloCage, scopeKey: r.scopeKey }));
  const prerequisites = await loadC3paoRecordsOfScopes(db, l3Scopes);
  const offerorHlo = offerorCage ? ((await hloOfCage(db, offerorCage)) ?? offerorCage) : null;
  const nistRecords = await loadNistRecords(db, nistCages, asOf);
  const answer = checkOffer(checkRequest(input, asOf, offerorCage, nistCages), { records, prerequisites, offerorHlo, nistRecords });
  const snapshot = { records: [...records.values()].filter((r) => r.statusDate <= asOf), prerequisites, nistRecords, offerorHlo };
  return { answer, snapshot };
}

export interface RecordedVerification extends CheckAnswer {
  verificationId: string;
  contractNumber: string | null;
  solicitationNumber: string | null;
  recordedBy: string;
  recordedAt: string;
  request: CheckInput;
  hash: string;
}

/**
 * Writes that must commit in the same transaction as a recorded verification (the officer
 * workspace links it to its offer or contract), so a contract file never holds half a record.
 */
export type WithinRecording = (tx: Pick<Db, 'select' | 'insert'>, verificationId: string) => Promise<void>;

/** The check (rules §5) as the officer runs it: evaluates on `asOf` and never writes. */
export async function check(ctx: ServiceContext, actor: Actor, input: CheckInput): Promise<CheckAnswer> {
  requireReach(actor, 'checks.run', 'Only contracting officers and administrators run award checks');
  const { answer } = await evaluateCheck(ctx, input);
  ctx.metrics?.countCheck(answer);
  return answer;
}

/**
 * Records an immutable verification (DFARS 204.7503; api.md "Recorded verifications"): checks the
 * fields a record needs, evaluates, and stores the answer with the records it relied on, chained to
 * the verification before it. `within` runs in the same transaction.
 */
export async function recordVerification(ctx: ServiceContext, actor: Actor, input: CheckInput, within?: WithinRecording): Promise<RecordedVerification> {
  requireReach(actor, 'verifications.record', 'Only contracting officers and administrators record verifications');
  const errors = [];
  if (input.purpose !== 'AWARD' && !input.contractNumber?.trim())
    errors.push({ path: 'contractNumber', message: `required to record a ${input.purpose} verification` });
  if (input.purpose === 'OPTION' && !input.sam)
    errors.push({ path: 'sam', message: 'an option verification records the DFARS 217.207(c)(1) SAM attestations' });
  errors.push(...recordingDateErrors({ asOf: input.asOf ?? ctx.clock.today(), lookAheadUntil: input.lookAheadUntil }, ctx.clock.today()));
  if (errors.length) throw invalid('The verification cannot be recorded', errors);
  const { answer, snapshot } = await evaluateWithHistory(ctx, input);
  // The stored request says it was recorded, whoever asked (API `record: true` or a workspace action).
  const request: CheckInput = { ...input, record: true };
  const { db } = ctx.database;
  const id = randomUUID();
  const recordedAt = ctx.clock.now().toISOString();
  const stored: CheckAnswer = { ...answer, verificationId: id };
  const recorded = await db.transaction(async (tx) => {
    const [last] = await tx.select({ seq: verifications.seq, hash: verifications.hash }).from(verifications).orderBy(desc(verifications.seq)).limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row = asStored({
      id,
      seq: (last?.seq ?? 0) + 1,
      purpose: request.purpose,
      contractNumber: request.contractNumber?.trim() || null,
      solicitationNumber: request.solicitationNumber?.trim() || null,
      asOf: answer.asOf,
      requiredLevel: request.requiredLevel,
      eligible: answer.eligible,
      requestJson: canonicalJson(request),
      answerJson: canonicalJson(stored),
      snapshotJson: canonicalJson(snapshot),
      recordedBy: actor.id,
      recordedByEmail: actor.email,
      recordedAt,
    });
    const hash = chainHash(prevHash, row);
    await tx.insert(verifications).values({ ...row, prevHash, hash });
    await appendAudit(tx, ctx.clock.now(), [
      { userId: actor.id, action: 'verification.record', entity: 'verification', entityId: id, detail: { purpose: request.purpose, eligible: answer.eligible, contractNumber: row.contractNumber } },
    ]);
    if (within) await within(tx, id);
    return toRecorded({ ...row, prevHash, hash });
  });
  ctx.metrics?.countRecorded(answer);
  return recorded;
}

function toRecorded(row: typeof verifications.$inferSelect): RecordedVerification {
  const answer = JSON.parse(row.answerJson) as CheckAnswer;
  return {
    ...answer,
    verificationId: row.id,
    contractNumber: row.contractNumber,
    solicitationNumber: row.solicitationNumber,
    recordedBy: row.recordedByEmail,
    recordedAt: row.recordedAt,
    request: JSON.parse(row.requestJson),
    hash: row.hash,
  };
}

export async function getVerification(ctx: ServiceContext, actor: Actor, id: string): Promise<RecordedVerification> {
  requireReach(actor, 'verifications.read', 'Recorded verifications are government records');
  const [row] = await ctx.database.db.select().from(verifications).where(eq(verifications.id, id));
  if (!row) throw notFound('No such verification');
  return toRecorded(row);
}

export async function listVerifications(ctx: ServiceContext, actor: Actor, filter: { contractNumber?: string | null; limit?: number; offset?: number }) {
  requireReach(actor, 'verifications.read', 'Recorded verifications are government records');
  const q = ctx.database.db.select().from(verifications);
  const rows = await (filter.contractNumber ? q.where(eq(verifications.contractNumber, filter.contractNumber.trim())) : q)
    .orderBy(desc(verifications.seq))
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return rows.map(toRecorded);
}

/** Recomputes both hash chains; returns the first broken link, if any (`npm run audit:verify`). */
export async function verifyChains(ctx: ServiceContext): Promise<{ ok: boolean; problems: string[] }> {
  const { db } = ctx.database;
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  for (const v of await db.select().from(verifications).orderBy(verifications.seq)) {
    const { prevHash, hash, ...row } = v;
    if (prevHash !== prev || chainHash(prev, row) !== hash) problems.push(`verification ${v.id} (seq ${v.seq}) does not match its hash chain`);
    prev = hash;
  }
  prev = GENESIS_HASH;
  for (const a of await db.select().from(auditLog).orderBy(auditLog.id)) {
    const { prevHash, hash, id, ...row } = a;
    if (prevHash !== prev || chainHash(prev, row) !== hash) problems.push(`audit entry ${id} does not match its hash chain`);
    prev = hash;
  }
  return { ok: problems.length === 0, problems };
}
