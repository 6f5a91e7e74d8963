/**
 * The evidence of a flowdown check (rules §7): a signed status attestation the sub issued, verified
 * here (for this sub and, when addressed, for this prime), or facts the prime typed from a print-out
 * or certificate, recorded as unverified. Primes cannot see SPRS, so this is all a check knows of
 * the sub, with one exception (issue 12): for an attestation issued here, the decision relies on
 * the issuer's live status of each UID it uses, so a change after issuance is not missed.
 *
 * The prime chooses which attested UIDs the subcontract uses (all by default); the others are
 * recorded as not relied on (issue 10). The sub's NIST SP 800-171 assessment comes from the
 * attestation's signed `nist` claim or from what the prime typed (rules §7).
 */
import { eq, inArray } from 'drizzle-orm';
import { companies, flowdownChecks } from '../../db/schema.js';
import type { IsoDate } from '../domain/dates.js';
import { factsCurrentThrough, type FlowdownFact, type FlowdownUidRow } from '../domain/flowdown.js';
import type { SubNistEvidence, SubNistResult } from '../domain/flowdown-nist.js';
import { verifyAttestation } from './attestation-verification.js';
import type { AttestationClaims, AttestedNist } from './attestations.js';
import type { ServiceContext } from './context.js';
import { invalid } from './errors.js';
import type { FlowdownCheckInput, FlowdownEvidenceInput } from './inputs.js';

export type EvidenceKind = 'ATTESTATION' | 'SPRS_PRINTOUT' | 'CERTIFICATE' | 'OTHER';

/** What a check stores about its evidence (evidence_json). */
export interface StoredEvidence {
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
    /** The signed facts of every attested UID, as issued (the decision may rely on the live status instead). */
    signedFacts?: FlowdownFact[];
    /** The signed `nist` claim; undefined for a token issued before the claim existed. */
    nist?: AttestedNist | null;
  } | null;
  /** The facts the decision used, one per UID the subcontract uses. */
  facts: FlowdownFact[];
  /** Attested UIDs the prime said this subcontract does not use: recorded, not decided on (issue 10). */
  notReliedOn?: string[];
  /** What the evidence showed of the sub's NIST SP 800-171 assessment (rules §7). */
  nist?: SubNistEvidence;
  decision: { citation: string; explanation: string; lookAheadDays: number; uids: FlowdownUidRow[]; nist?: SubNistResult | null };
}

async function hierarchyCages(ctx: ServiceContext, hlo: string): Promise<Set<string>> {
  const rows = await ctx.database.db.select({ cage: companies.cage }).from(companies).where(eq(companies.hloCage, hlo));
  return new Set([hlo, ...rows.map((r) => r.cage)]);
}

export interface GatheredEvidence {
  kind: EvidenceKind | null;
  verified: boolean;
  facts: FlowdownFact[];
  nist: SubNistEvidence;
  stored: Omit<StoredEvidence, 'facts' | 'decision'>;
  attestationJti: string | null;
  sharedCheckIds: string[];
}

const NIST_NONE: SubNistEvidence = { source: 'NONE', assessment: null };

/**
 * Facts from a verified attestation, after checking it is for this sub and (when addressed) for this
 * prime: for each UID the subcontract uses, the issuer's live status on the decision date when its
 * records are held here, else the signed claims.
 */
export async function attestationEvidence(ctx: ServiceContext, hlo: string, input: FlowdownCheckInput, token: string, asOf: IsoDate): Promise<GatheredEvidence> {
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
  if (claims.issuedOn && asOf < claims.issuedOn) {
    // As in verification: a decision dated before the attestation existed cannot rest on it.
    throw invalid('The attestation did not exist on the decision date', [{ path: 'asOf', message: `Decide as of ${claims.issuedOn} (the day the attestation was issued) or later` }]);
  }
  const signedFacts: FlowdownFact[] = (claims.uids ?? []).map((u) => ({
    uid: u.uid,
    level: u.level,
    type: u.type,
    statusDate: u.statusDate,
    currentThrough: u.currentThrough,
    latestAffirmationDate: u.latestAffirmationDate,
    issuerReasons: u.reasons ?? [],
  }));
  const attested = signedFacts.map((f) => f.uid);
  const chosen = input.uids ? [...new Set(input.uids)] : attested;
  const strangers = chosen.map((uid, i) => ({ uid, i })).filter(({ uid }) => !attested.includes(uid));
  if (strangers.length) {
    throw invalid(
      'Choose only UIDs the attestation covers',
      strangers.map(({ uid, i }) => ({ path: `uids.${i}`, message: `${uid} is not in the attestation (it covers ${attested.join(', ')})` })),
    );
  }
  // Live status on the decision date for the UIDs used (the verification reports today's; a past decision date needs its own).
  const live = asOf === ctx.clock.today() ? v.live : (await verifyAttestation(ctx, token, asOf)).live;
  const facts: FlowdownFact[] = signedFacts
    .filter((f) => chosen.includes(f.uid))
    .map((f) => {
      const l = live?.uids.find((u) => u.uid === f.uid && u.held);
      if (!l || !l.level || !l.type || !l.statusDate) return f;
      return {
        uid: f.uid,
        level: l.level,
        type: l.type,
        statusDate: l.statusDate,
        currentThrough: l.currentThrough,
        latestAffirmationDate: l.latestAffirmationDate,
        issuerReasons: [...new Set(l.reasons.map((r) => r.code))],
        live: true,
      };
    });
  const notReliedOn = attested.filter((uid) => !chosen.includes(uid));
  // A token without the claim predates it: the test then reports the assessment missing from the evidence.
  const nist: SubNistEvidence = !('nist' in claims) || claims.nist === undefined ? { source: 'ATTESTATION_WITHOUT_CLAIM', assessment: null } : { source: 'ATTESTATION', assessment: claims.nist };
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
    nist,
    attestationJti: claims.jti,
    sharedCheckIds,
    stored: {
      kind: 'ATTESTATION',
      reference: null,
      typed: null,
      notReliedOn,
      nist,
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
        signedFacts,
        nist: 'nist' in claims ? (claims.nist ?? null) : undefined,
      },
    },
  };
}

export function typedEvidence(e: FlowdownEvidenceInput): GatheredEvidence {
  const affirmation = e.affirmationDate ?? null;
  const { level, type, statusDate } = e;
  // The input schema asks for level, type and status date whenever UIDs are given.
  const facts: FlowdownFact[] =
    level && type && statusDate
      ? e.uids.map((uid) => ({ uid, level, type, statusDate, currentThrough: factsCurrentThrough(level, type, statusDate, affirmation), latestAffirmationDate: affirmation }))
      : [];
  const nist: SubNistEvidence = { source: 'TYPED', assessment: e.nist ? { confidence: e.nist.confidence, assessmentDate: e.nist.assessmentDate, score: e.nist.score } : null };
  return {
    kind: e.kind,
    verified: false,
    facts,
    nist,
    attestationJti: null,
    sharedCheckIds: [],
    stored: { kind: e.kind, reference: e.reference ?? null, typed: e, attestation: null, nist },
  };
}

/** A check recorded with no evidence at all (it cannot allow the award). */
export const NO_EVIDENCE: GatheredEvidence = {
  kind: null,
  verified: false,
  facts: [],
  nist: NIST_NONE,
  attestationJti: null,
  sharedCheckIds: [],
  stored: { kind: null, reference: null, typed: null, attestation: null, nist: NIST_NONE },
};
