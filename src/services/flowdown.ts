/**
 * Flowdown checks (rules §7; 32 CFR 170.23; DFARS 252.204-7021(d)(1)(ii), (f); api.md "Flowdown
 * checks"). A contractor acting as prime records, before awarding a subcontract, the sub's minimum
 * level, the evidence, the decision with every reason, who decided and when. Records are immutable
 * (triggers refuse UPDATE and DELETE).
 *
 * Evidence: a signed status attestation the sub issued (facts verified here) or facts the prime typed
 * from a print-out or certificate (recorded as unverified). Primes cannot see SPRS (rules §7), so a
 * check never reads the sub's status records directly: only what the sub shared.
 *
 * Multi-tier tree (rules §7 "subs record their own subs, so the chain forms a tree"): when Y issues
 * an attestation it may list ids of flowdown checks Y recorded on its own subs (`flowdownCheckIds`).
 * When X records a check on Y with that attestation, a link X's check → each shared check is stored.
 * X's tree is its own checks, each with the checks shared through its evidence, recursively (a
 * shared check carries the checks shared with it: sharing a check shares the tier below it).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { companies, flowdownCheckLinks, flowdownChecks, type FlowdownCheckRow } from '../../db/schema.js';
import { addDays, dateInZone, daysBetween, type IsoDate } from '../domain/dates.js';
import { decideFlowdown, factsCurrentThrough, type FlowdownFact, type FlowdownUidRow } from '../domain/flowdown.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../domain/eligibility.js';
import type { Information, Level } from '../domain/levels.js';
import type { Reason } from '../domain/reasons.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import { verifyAttestation, type AttestationClaims } from './attestations.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { toCsv } from './csv.js';
import { invalid, notFound } from './errors.js';
import type { FlowdownCheckInput, FlowdownEvidenceInput } from './inputs.js';

type EvidenceKind = 'ATTESTATION' | 'SPRS_PRINTOUT' | 'CERTIFICATE' | 'OTHER';

/** What a check stores about its evidence (evidence_json). */
interface StoredEvidence {
  kind: EvidenceKind | null;
  reference: string | null;
  /** Typed evidence exactly as the prime entered it (unverified). */
  typed: FlowdownEvidenceInput | null;
  /** The attestation (token and the claims that verified) when the evidence is one. */
  attestation: {
    token: string;
    jti: string;
    kid: string | null;
    iss: string;
    issuedOn: IsoDate | null;
    validThrough: IsoDate | null;
    audience: string | null;
    company: AttestationClaims['company'];
    sharedCheckIds: string[];
  } | null;
  /** The facts the decision used, one per UID. */
  facts: FlowdownFact[];
  decision: { citation: string; explanation: string; lookAheadDays: number; uids: FlowdownUidRow[] };
}

export interface PresentedFlowdownCheck {
  id: string;
  primeCage: string;
  primeContractNumber: string;
  primeLevel: Level;
  subcontractor: { cage: string; name: string };
  information: Information;
  subMinimumLevel: Level | null;
  citation: string;
  explanation: string;
  mayAward: boolean;
  reasons: Reason[];
  uids: FlowdownUidRow[];
  evidence: {
    kind: EvidenceKind | null;
    verified: boolean;
    reference: string | null;
    attestationJti: string | null;
    facts: FlowdownFact[];
    typed: FlowdownEvidenceInput | null;
    attestation: Omit<NonNullable<StoredEvidence['attestation']>, 'token'> & { token?: string } | null;
  };
  evidenceCurrentThrough: IsoDate | null;
  asOf: IsoDate;
  decidedBy: string;
  decidedAt: string;
  /** The day of the decision in the rules' time zone (decidedAt is the instant, in UTC). */
  decidedOn: IsoDate;
  /** Checks of the sub's own subs that the sub shared through this check's attestation. */
  sharedCheckIds: string[];
}

function present(row: FlowdownCheckRow, links: string[], own: boolean, zone: string): PresentedFlowdownCheck {
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
    subMinimumLevel: row.subMinimumLevel,
    citation: ev.decision.citation,
    explanation: ev.decision.explanation,
    mayAward: row.mayAward,
    reasons: JSON.parse(row.reasonsJson) as Reason[],
    uids: ev.decision.uids,
    evidence: {
      kind: row.evidenceKind,
      verified: row.verified,
      reference: ev.reference,
      attestationJti: row.attestationJti,
      facts: ev.facts,
      typed: ev.typed,
      attestation,
    },
    evidenceCurrentThrough: row.evidenceCurrentThrough,
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
function readerCompany(actor: Actor): string | null {
  if (requireReach(actor, 'flowdown.read', PRIME_ONLY) === 'any') return null;
  return ownCompany(actor, PRIME_ONLY);
}

async function linksOf(ctx: ServiceContext, ids: string[]): Promise<Map<string, { childId: string; jti: string }[]>> {
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

async function hierarchyCages(ctx: ServiceContext, hlo: string): Promise<Set<string>> {
  const rows = await ctx.database.db.select({ cage: companies.cage }).from(companies).where(eq(companies.hloCage, hlo));
  return new Set([hlo, ...rows.map((r) => r.cage)]);
}

interface GatheredEvidence {
  kind: EvidenceKind | null;
  verified: boolean;
  facts: FlowdownFact[];
  stored: Omit<StoredEvidence, 'facts' | 'decision'>;
  attestationJti: string | null;
  sharedCheckIds: string[];
}

/** Facts from a verified attestation, after checking it is for this sub and (when addressed) for this prime. */
async function attestationEvidence(ctx: ServiceContext, hlo: string, input: FlowdownCheckInput, token: string): Promise<GatheredEvidence> {
  // The token must verify when the prime records the check (now), whatever the decision date.
  const v = await verifyAttestation(ctx, token);
  if (!v.valid || !v.claims) {
    throw invalid(
      'The attestation did not verify; ask the subcontractor for a fresh one, or record the evidence as typed facts',
      v.reasons.map((r) => ({ path: 'attestation', message: `${r.code}: ${r.message}` })),
    );
  }
  const claims = v.claims;
  const subCage = input.subcontractor.cage;
  if (claims.sub !== subCage && !claims.company?.cages?.includes(subCage)) {
    throw invalid('The attestation is for another company', [
      { path: 'subcontractor.cage', message: `the attestation covers ${claims.company?.name ?? claims.sub} (CAGE ${(claims.company?.cages ?? [claims.sub]).join(', ')}), not ${subCage}` },
    ]);
  }
  if (claims.aud !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const mine = await hierarchyCages(ctx, hlo);
    if (!audiences.some((a) => mine.has(a))) {
      throw invalid('The attestation was issued for another prime', [{ path: 'attestation', message: `addressed to CAGE ${audiences.join(', ')}, not to your company` }]);
    }
  }
  const facts: FlowdownFact[] = (claims.uids ?? []).map((u) => ({
    uid: u.uid,
    level: u.level,
    type: u.type,
    statusDate: u.statusDate,
    currentThrough: u.currentThrough,
    latestAffirmationDate: u.latestAffirmationDate,
    issuerReasons: u.reasons ?? [],
  }));
  const offered = (claims.flowdownChecks ?? []).map((c) => c.id);
  // Only checks the attesting company itself recorded can hang under it (issuance enforces it too).
  const sharedRows = offered.length
    ? await ctx.database.db.select({ id: flowdownChecks.id, primeHlo: flowdownChecks.primeHlo }).from(flowdownChecks).where(inArray(flowdownChecks.id, offered))
    : [];
  const sharedCheckIds = offered.filter((id) => sharedRows.some((r) => r.id === id && r.primeHlo === claims.sub));
  return {
    kind: 'ATTESTATION',
    verified: true,
    facts,
    attestationJti: claims.jti,
    sharedCheckIds,
    stored: {
      kind: 'ATTESTATION',
      reference: null,
      typed: null,
      attestation: {
        token: token.trim(),
        jti: claims.jti,
        kid: v.kid ?? null,
        iss: claims.iss,
        issuedOn: claims.issuedOn ?? null,
        validThrough: claims.validThrough ?? null,
        audience: typeof claims.aud === 'string' ? claims.aud : null,
        company: claims.company,
        sharedCheckIds,
      },
    },
  };
}

function typedEvidence(e: FlowdownEvidenceInput): GatheredEvidence {
  const affirmation = e.affirmationDate ?? null;
  const facts: FlowdownFact[] = e.uids.map((uid) => ({
    uid,
    level: e.level,
    type: e.type,
    statusDate: e.statusDate,
    currentThrough: factsCurrentThrough(e.level, e.type, e.statusDate, affirmation),
    latestAffirmationDate: affirmation,
  }));
  return {
    kind: e.kind,
    verified: false,
    facts,
    attestationJti: null,
    sharedCheckIds: [],
    stored: { kind: e.kind, reference: e.reference ?? null, typed: e, attestation: null },
  };
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
  const gathered: GatheredEvidence = input.attestation
    ? await attestationEvidence(ctx, hlo, input, input.attestation)
    : input.evidence
      ? typedEvidence(input.evidence)
      : { kind: null, verified: false, facts: [], attestationJti: null, sharedCheckIds: [], stored: { kind: null, reference: null, typed: null, attestation: null } };

  const decision = decideFlowdown({ primeLevel: input.primeLevel, information: input.information, asOf, lookAheadDays, facts: gathered.facts, verified: gathered.verified });
  const evidence: StoredEvidence = {
    ...gathered.stored,
    facts: gathered.facts,
    decision: { citation: decision.citation, explanation: decision.explanation, lookAheadDays, uids: decision.uids },
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
        detail: { prime: values.primeHlo, contract: input.primeContractNumber, sub: input.subcontractor.cage, information: input.information, mayAward: values.mayAward, evidence: gathered.kind, verified: gathered.verified },
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

async function ownRows(ctx: ServiceContext, company: string | null, filter: FlowdownFilter, order: 'newest' | 'oldest' = 'newest'): Promise<FlowdownCheckRow[]> {
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

export interface FlowdownTreeNode {
  check: PresentedFlowdownCheck;
  /** 1 for the caller's own checks, 2 for checks its subs shared, and so on. */
  tier: number;
  /** The attestation through which this check was shared (null for the caller's own checks). */
  sharedVia: string | null;
  children: FlowdownTreeNode[];
}

/**
 * The caller's checks with, beneath each, the checks its subs shared through the attestation the
 * check relied on, recursively across tiers. Links only point at checks that existed before their
 * parent, so the tree has no cycles; a guard stops any repeat on a path all the same.
 */
export async function flowdownTree(ctx: ServiceContext, actor: Actor, filter: FlowdownFilter = {}): Promise<{ roots: FlowdownTreeNode[] }> {
  const company = readerCompany(actor);
  const roots = await ownRows(ctx, company, filter);
  const rows = new Map(roots.map((r) => [r.id, r]));
  const links = new Map<string, { childId: string; jti: string }[]>();
  let frontier = roots.map((r) => r.id);
  while (frontier.length) {
    const found = await linksOf(ctx, frontier);
    for (const [k, v] of found) links.set(k, v);
    const next = [...new Set([...found.values()].flat().map((l) => l.childId))].filter((id) => !rows.has(id));
    if (next.length) for (const r of await ctx.database.db.select().from(flowdownChecks).where(inArray(flowdownChecks.id, next))) rows.set(r.id, r);
    frontier = next;
  }
  const build = (id: string, tier: number, via: string | null, path: Set<string>): FlowdownTreeNode => {
    const row = rows.get(id)!;
    const kids = (links.get(id) ?? []).filter((l) => !path.has(l.childId) && rows.has(l.childId));
    const own = company === null || row.primeHlo === company;
    return {
      check: present(row, (links.get(id) ?? []).map((l) => l.childId), own, ctx.clock.zone),
      tier,
      sharedVia: via,
      children: kids.map((l) => build(l.childId, tier + 1, l.jti, new Set([...path, l.childId]))),
    };
  };
  return { roots: roots.map((r) => build(r.id, 1, null, new Set([r.id]))) };
}

/** One check: the caller's company's own, or one shared with it somewhere in its tree; else 404. */
export async function getFlowdownCheck(ctx: ServiceContext, actor: Actor, id: string): Promise<PresentedFlowdownCheck> {
  const company = readerCompany(actor);
  const [row] = await ctx.database.db.select().from(flowdownChecks).where(eq(flowdownChecks.id, id));
  if (!row) throw notFound('No such flowdown check');
  const links = (await linksOf(ctx, [row.id])).get(row.id) ?? [];
  if (company === null || row.primeHlo === company) return present(row, links.map((l) => l.childId), true, ctx.clock.zone);
  const stack: FlowdownTreeNode[] = [...(await flowdownTree(ctx, actor)).roots];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.check.id === id) return n.check;
    stack.push(...n.children);
  }
  throw notFound('No such flowdown check');
}

export interface RecheckRow {
  checkId: string;
  primeContractNumber: string;
  subcontractor: { cage: string; name: string };
  information: Information;
  subMinimumLevel: Level | null;
  evidenceKind: EvidenceKind | null;
  verified: boolean;
  evidenceCurrentThrough: IsoDate;
  /** Days from today to the last current day (negative once lapsed). */
  daysLeft: number;
  lapsed: boolean;
  asOf: IsoDate;
  decidedAt: string;
}

/**
 * Subs to re-check: for each (prime contract, sub) the latest check that allowed the award, when its
 * evidence's earliest currentThrough falls before today + `days` (already lapsed included). The
 * same horizon as EXPIRES_WITHIN (rules §5 look-ahead): lapsing "within N days" means the status is
 * no longer current on today + N.
 */
export async function recheckList(ctx: ServiceContext, actor: Actor, opts: { days?: number | null } = {}): Promise<{ asOf: IsoDate; days: number; items: RecheckRow[] }> {
  const company = readerCompany(actor);
  const days = opts.days ?? DEFAULT_LOOK_AHEAD_DAYS;
  const today = ctx.clock.today();
  const horizon = addDays(today, days);
  const latest = new Map<string, FlowdownCheckRow>();
  for (const r of await ownRows(ctx, company, {}, 'newest')) {
    const key = `${r.primeHlo}\u0000${r.primeContractNumber}\u0000${r.subCage}`;
    if (!latest.has(key)) latest.set(key, r);
  }
  const items = [...latest.values()]
    .filter((r) => r.mayAward && r.evidenceCurrentThrough !== null && r.evidenceCurrentThrough < horizon)
    .map((r) => ({
      checkId: r.id,
      primeContractNumber: r.primeContractNumber,
      subcontractor: { cage: r.subCage, name: r.subName },
      information: r.information,
      subMinimumLevel: r.subMinimumLevel,
      evidenceKind: r.evidenceKind,
      verified: r.verified,
      evidenceCurrentThrough: r.evidenceCurrentThrough!,
      daysLeft: daysBetween(today, r.evidenceCurrentThrough!),
      lapsed: r.evidenceCurrentThrough! < today,
      asOf: r.asOf,
      decidedAt: r.decidedAt,
    }))
    .sort((a, b) => (a.evidenceCurrentThrough < b.evidenceCurrentThrough ? -1 : a.evidenceCurrentThrough > b.evidenceCurrentThrough ? 1 : 0));
  return { asOf: today, days, items };
}

export const FLOWDOWN_REGISTER_HEADER = [
  'check_id',
  'decided_at',
  'decided_by',
  'as_of',
  'prime_contract_number',
  'prime_level',
  'subcontractor_cage',
  'subcontractor_name',
  'information',
  'sub_minimum_level',
  'evidence_kind',
  'verified',
  'attestation_jti',
  'uids',
  'evidence_current_through',
  'may_award',
  'errors',
  'warnings',
];

/** The prime's flowdown register as CSV, oldest first (one row per recorded check). */
export async function flowdownRegisterCsv(ctx: ServiceContext, actor: Actor, filter: FlowdownFilter = {}): Promise<string> {
  const rows = await ownRows(ctx, readerCompany(actor), filter, 'oldest');
  const codes = (reasons: Reason[], severity: Reason['severity']) => [...new Set(reasons.filter((r) => r.severity === severity).map((r) => r.code))].join(' ');
  return toCsv(
    FLOWDOWN_REGISTER_HEADER,
    rows.map((r) => {
      const ev = JSON.parse(r.evidenceJson) as StoredEvidence;
      const reasons = JSON.parse(r.reasonsJson) as Reason[];
      return [
        r.id,
        r.decidedAt,
        r.decidedByEmail,
        r.asOf,
        r.primeContractNumber,
        r.primeLevel,
        r.subCage,
        r.subName,
        r.information,
        r.subMinimumLevel,
        r.evidenceKind,
        r.verified ? 'yes' : 'no',
        r.attestationJti,
        [...new Set(ev.facts.map((f) => f.uid))].join(' '),
        r.evidenceCurrentThrough,
        r.mayAward ? 'yes' : 'no',
        codes(reasons, 'error'),
        codes(reasons, 'warning'),
      ];
    }),
  );
}
