/**
 * Flowdown checks (rules §7; 32 CFR 170.23; DFARS 252.204-7021(d)(1)(ii), (f); api.md "Flowdown
 * checks"). A contractor acting as prime records, before awarding a subcontract, the sub's minimum
 * level, the evidence, the decision with every reason, who decided and when. Records are immutable
 * (triggers refuse UPDATE and DELETE).
 *
 * Evidence (flowdown-evidence.ts): a signed status attestation the sub issued (facts verified here)
 * or facts the prime typed from a print-out or certificate (recorded as unverified). Primes cannot
 * see SPRS (rules §7), so a check never reads the sub's status records directly: only what the sub
 * shared. The re-check list and the register are flowdown-register.ts.
 *
 * The multi-tier tree of checks shared through attestations is flowdown-tree.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { flowdownCheckLinks, flowdownChecks, type FlowdownCheckRow } from '../../db/schema.js';
import { dateInZone, type IsoDate } from '../domain/dates.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../domain/eligibility.js';
import { decideFlowdown, type FlowdownDecision, type FlowdownFact } from '../domain/flowdown.js';
import type { SubNistResult } from '../domain/flowdown-nist.js';
import type { Information, Level } from '../domain/levels.js';
import type { Reason } from '../domain/reasons.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { invalid } from './errors.js';
import { attestationEvidence, NO_EVIDENCE, typedEvidence, type EvidenceKind, type GatheredEvidence, type StoredEvidence } from './flowdown-evidence.js';
import type { FlowdownCheckInput, FlowdownEvidenceInput } from './inputs.js';

export interface PresentedFlowdownCheck extends Pick<FlowdownDecision, 'subMinimumLevel' | 'citation' | 'explanation' | 'mayAward' | 'reasons' | 'uids'> {
  id: string;
  primeCage: string;
  primeContractNumber: string;
  primeLevel: Level;
  subcontractor: { cage: string; name: string };
  information: Information;
  /** Solely COTS items: nothing flowed down (rules §7). */
  cotsOnly: boolean;
  /** Subject to DFARS 252.204-7012: the sub's NIST test applied (rules §7). */
  nist7012: boolean;
  /** The sub's NIST SP 800-171 test (null when it did not apply). */
  nist: SubNistResult | null;
  evidence: {
    kind: EvidenceKind | null;
    verified: boolean;
    reference: string | null;
    attestationJti: string | null;
    facts: FlowdownFact[];
    typed: FlowdownEvidenceInput | null;
    attestation: Omit<NonNullable<StoredEvidence['attestation']>, 'token'> & { token?: string } | null;
    /** Attested UIDs the subcontract does not use: recorded, not relied on (issue 10). */
    notReliedOn: string[];
  };
  evidenceCurrentThrough: IsoDate | null;
  /** The subcontract's next milestone, when the prime gave one. */
  lookAheadUntil: IsoDate | null;
  asOf: IsoDate;
  decidedBy: string;
  decidedAt: string;
  /** The day of the decision in the rules' time zone (decidedAt is the instant, in UTC). */
  decidedOn: IsoDate;
  /** Checks of the sub's own subs that the sub shared through this check's attestation. */
  sharedCheckIds: string[];
}

export function present(row: FlowdownCheckRow, links: string[], own: boolean, zone: string): PresentedFlowdownCheck {
  const ev = JSON.parse(row.evidenceJson) as StoredEvidence;
  let attestation: PresentedFlowdownCheck['evidence']['attestation'] = null;
  if (ev.attestation) {
    // A check shared from a lower tier shows what it relied on, but not the lower tier's token itself.
    const { token, ...rest } = ev.attestation;
    attestation = own ? { ...rest, token } : rest;
  }
  return {
    id: row.id,
    primeCage: row.primeHlo,
    primeContractNumber: row.primeContractNumber,
    primeLevel: row.primeLevel,
    subcontractor: { cage: row.subCage, name: row.subName },
    information: row.information,
    cotsOnly: row.cotsOnly,
    nist7012: row.nist7012,
    subMinimumLevel: row.subMinimumLevel,
    citation: ev.decision.citation,
    explanation: ev.decision.explanation,
    mayAward: row.mayAward,
    reasons: JSON.parse(row.reasonsJson) as Reason[],
    uids: ev.decision.uids,
    nist: ev.decision.nist ?? null,
    evidence: {
      kind: row.evidenceKind,
      verified: row.verified,
      reference: ev.reference,
      attestationJti: row.attestationJti,
      facts: ev.facts,
      typed: ev.typed,
      attestation,
      notReliedOn: ev.notReliedOn ?? [],
    },
    evidenceCurrentThrough: row.evidenceCurrentThrough,
    lookAheadUntil: row.lookAheadUntil,
    asOf: row.asOf,
    decidedBy: row.decidedByEmail,
    decidedAt: row.decidedAt,
    decidedOn: dateInZone(row.decidedAt, zone),
    sharedCheckIds: links,
  };
}

const PRIME_ONLY = 'Flowdown checks are recorded by a contractor acting as prime';

const primeCompanyOf = (actor: Actor): string => {
  requireReach(actor, 'flowdown.record', PRIME_ONLY);
  return ownCompany(actor, PRIME_ONLY);
};

/** Companies whose checks a reader sees as their own: the prime's company; null (every company) for a reach of any. */
export function readerCompany(actor: Actor): string | null {
  if (requireReach(actor, 'flowdown.read', PRIME_ONLY) === 'any') return null;
  return ownCompany(actor, PRIME_ONLY);
}

export async function linksOf(ctx: ServiceContext, ids: string[]): Promise<Map<string, { childId: string; jti: string }[]>> {
  const out = new Map<string, { childId: string; jti: string }[]>();
  if (!ids.length) return out;
  const rows = await ctx.database.db.select().from(flowdownCheckLinks).where(inArray(flowdownCheckLinks.parentCheckId, ids));
  for (const r of rows) {
    const list = out.get(r.parentCheckId) ?? [];
    list.push({ childId: r.childCheckId, jti: r.attestationJti });
    out.set(r.parentCheckId, list);
  }
  return out;
}


/** A check's row before it has an id and a place in the register: what recording stores and a preview shows. */
type EvaluatedRow = Omit<FlowdownCheckRow, 'id' | 'seq'>;

/**
 * Gathers the evidence (verifying an attestation) and decides (rules §7), without writing anything:
 * the one evaluation behind both recording a check and previewing it before it is recorded.
 */
async function evaluateFlowdownCheck(ctx: ServiceContext, actor: Actor, input: FlowdownCheckInput): Promise<{ row: EvaluatedRow; gathered: GatheredEvidence }> {
  const hlo = primeCompanyOf(actor);
  if (input.attestation && input.evidence) {
    throw invalid('Give either a signed attestation or typed evidence, not both', [{ path: 'evidence', message: 'give either a signed attestation or typed evidence, not both' }]);
  }
  const asOf = input.asOf ?? ctx.clock.today();
  const lookAheadDays = input.lookAheadDays ?? DEFAULT_LOOK_AHEAD_DAYS;
  const lookAheadUntil = input.lookAheadUntil ?? null;
  if (lookAheadUntil && lookAheadUntil < asOf) {
    throw invalid('The next milestone must be on or after the decision date', [{ path: 'lookAheadUntil', message: `the next milestone must be on or after the decision date ${asOf}` }]);
  }
  const gathered: GatheredEvidence = input.attestation
    ? await attestationEvidence(ctx, hlo, input, input.attestation, asOf)
    : input.evidence
      ? typedEvidence(input.evidence)
      : NO_EVIDENCE;

  const decision = decideFlowdown({
    primeLevel: input.primeLevel,
    information: input.information,
    asOf,
    lookAheadDays,
    lookAheadUntil,
    facts: gathered.facts,
    verified: gathered.verified,
    cotsOnly: input.cotsOnly,
    nist7012: input.nist7012,
    subCage: input.subcontractor.cage,
    nist: gathered.nist,
  });
  const evidence: StoredEvidence = {
    ...gathered.stored,
    facts: gathered.facts,
    decision: { citation: decision.citation, explanation: decision.explanation, lookAheadDays, uids: decision.uids, nist: decision.nist },
  };
  const row: EvaluatedRow = {
    primeHlo: hlo,
    primeContractNumber: input.primeContractNumber,
    primeLevel: input.primeLevel,
    subCage: input.subcontractor.cage,
    subName: input.subcontractor.name,
    information: input.information,
    subMinimumLevel: decision.subMinimumLevel,
    evidenceKind: gathered.kind,
    evidenceJson: JSON.stringify(evidence),
    verified: gathered.verified,
    attestationJti: gathered.attestationJti,
    evidenceCurrentThrough: decision.evidenceCurrentThrough,
    mayAward: decision.mayAward,
    reasonsJson: JSON.stringify(decision.reasons),
    cotsOnly: decision.cotsOnly,
    nist7012: input.nist7012,
    subNistOutcome: decision.nist?.outcome ?? null,
    subNistValidThrough: decision.nist?.validThrough ?? null,
    lookAheadUntil,
    asOf,
    decidedBy: actor.id,
    decidedByEmail: actor.email,
    decidedAt: ctx.clock.now().toISOString(),
  };
  return { row, gathered };
}

/** A check as it would be recorded now, before anyone decides: no id, no decider, no time. */
export type FlowdownCheckPreview = Omit<PresentedFlowdownCheck, 'id' | 'decidedBy' | 'decidedAt' | 'decidedOn'>;

/**
 * Evaluates a flowdown check without recording it, so the prime sees the verified facts and the
 * decision with every reason before committing to it (the same evaluation `recordFlowdownCheck` stores).
 */
export async function previewFlowdownCheck(ctx: ServiceContext, actor: Actor, input: FlowdownCheckInput): Promise<FlowdownCheckPreview> {
  const { row, gathered } = await evaluateFlowdownCheck(ctx, actor, input);
  const { id: _id, decidedBy: _by, decidedAt: _at, decidedOn: _on, ...preview } = present({ ...row, id: '', seq: 0 }, gathered.sharedCheckIds, true, ctx.clock.zone);
  return preview;
}

/** Records a flowdown check (contractor acting as prime). Immutable once recorded. */
export async function recordFlowdownCheck(ctx: ServiceContext, actor: Actor, input: FlowdownCheckInput): Promise<PresentedFlowdownCheck> {
  const { row: values, gathered } = await evaluateFlowdownCheck(ctx, actor, input);
  const id = randomUUID();
  const now = ctx.clock.now();
  const row = await ctx.database.db.transaction(async (tx) => {
    const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM flowdown_checks`);
    const [inserted] = await tx
      .insert(flowdownChecks)
      .values({ ...values, id, seq: (maxSeq ?? 0) + 1, decidedAt: now.toISOString() })
      .returning();
    if (gathered.sharedCheckIds.length) {
      await tx.insert(flowdownCheckLinks).values(gathered.sharedCheckIds.map((childCheckId) => ({ parentCheckId: id, childCheckId, attestationJti: gathered.attestationJti! })));
    }
    await appendAudit(tx, now, [
      {
        userId: actor.id,
        action: 'flowdown_check.record',
        entity: 'flowdown_check',
        entityId: id,
        detail: {
          prime: values.primeHlo,
          contract: input.primeContractNumber,
          sub: input.subcontractor.cage,
          information: input.information,
          cotsOnly: values.cotsOnly,
          nist7012: values.nist7012,
          mayAward: values.mayAward,
          evidence: gathered.kind,
          verified: gathered.verified,
        },
      },
    ]);
    return inserted;
  });
  return present(row, gathered.sharedCheckIds, true, ctx.clock.zone);
}

export interface FlowdownFilter {
  primeContractNumber?: string | null;
  subCage?: string | null;
}

export async function ownRows(ctx: ServiceContext, company: string | null, filter: FlowdownFilter, order: 'newest' | 'oldest' = 'newest'): Promise<FlowdownCheckRow[]> {
  const conds = [
    company ? eq(flowdownChecks.primeHlo, company) : undefined,
    filter.primeContractNumber?.trim() ? eq(flowdownChecks.primeContractNumber, filter.primeContractNumber.trim()) : undefined,
    filter.subCage?.trim() ? eq(flowdownChecks.subCage, filter.subCage.trim().toUpperCase()) : undefined,
  ].filter((c) => c !== undefined);
  return ctx.database.db
    .select()
    .from(flowdownChecks)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(order === 'newest' ? desc(flowdownChecks.seq) : asc(flowdownChecks.seq));
}

/** The caller's company's checks, newest first (an administrator sees every company's). */
export async function listFlowdownChecks(ctx: ServiceContext, actor: Actor, filter: FlowdownFilter = {}): Promise<PresentedFlowdownCheck[]> {
  const rows = await ownRows(ctx, readerCompany(actor), filter);
  const links = await linksOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => present(r, (links.get(r.id) ?? []).map((l) => l.childId), true, ctx.clock.zone));
}
