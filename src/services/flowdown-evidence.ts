/**
 * The evidence of a flowdown check (rules §7): a signed status attestation the sub issued, verified
 * here (for this sub and, when addressed, for this prime), or facts the prime typed from a print-out
 * or certificate, recorded as unverified. Primes cannot see SPRS, so this is all a check knows of
 * the sub.
 */
import { eq, inArray } from 'drizzle-orm';
import { companies, flowdownChecks } from '../../db/schema.js';
import type { IsoDate } from '../domain/dates.js';
import { factsCurrentThrough, type FlowdownFact, type FlowdownUidRow } from '../domain/flowdown.js';
import { verifyAttestation } from './attestation-verification.js';
import type { AttestationClaims } from './attestations.js';
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
  } | null;
  /** The facts the decision used, one per UID. */
  facts: FlowdownFact[];
  decision: { citation: string; explanation: string; lookAheadDays: number; uids: FlowdownUidRow[] };
}

async function hierarchyCages(ctx: ServiceContext, hlo: string): Promise<Set<string>> {
  const rows = await ctx.database.db.select({ cage: companies.cage }).from(companies).where(eq(companies.hloCage, hlo));
  return new Set([hlo, ...rows.map((r) => r.cage)]);
}

export interface GatheredEvidence {
  kind: EvidenceKind | null;
  verified: boolean;
  facts: FlowdownFact[];
  stored: Omit<StoredEvidence, 'facts' | 'decision'>;
  attestationJti: string | null;
  sharedCheckIds: string[];
}

/** Facts from a verified attestation, after checking it is for this sub and (when addressed) for this prime. */
export async function attestationEvidence(ctx: ServiceContext, hlo: string, input: FlowdownCheckInput, token: string): Promise<GatheredEvidence> {
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

export function typedEvidence(e: FlowdownEvidenceInput): GatheredEvidence {
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

/** A check recorded with no evidence at all (it cannot allow the award). */
export const NO_EVIDENCE: GatheredEvidence = { kind: null, verified: false, facts: [], attestationJti: null, sharedCheckIds: [], stored: { kind: null, reference: null, typed: null, attestation: null } };
