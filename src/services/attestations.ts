/**
 * Signed status attestations (api.md "Signed status attestations"; rules §7: "a signed status
 * attestation the sub issues from its own records, which the prime's check verifies").
 *
 * A contractor selects its UIDs; this instance signs, as a compact JWS (JWT, EdDSA / Ed25519, via
 * `jose`: no hand-rolled crypto), the company's name and CAGE codes and, per UID, level, type, status
 * date, currentThrough and latest affirmation date as computed by `statusAsOf` on the issue date.
 * Anyone signed in can verify a token here; anyone at all can verify offline against
 * /.well-known/jwks.json.
 *
 * Keys: signing-keys.ts. Verification: attestation-verification.ts.
 *
 * Since issue 16 the claims also carry the company's latest NIST SP 800-171 DoD Assessment covering
 * its CAGE codes (`nist`), so a prime can apply the NIST test of rules §7; a token without the claim
 * predates it. Revocation and the list of issued attestations: attestation-register.ts.
 *
 * Validity: `validDays` N makes a token valid through issue date + N days, inclusive, like every
 * other period in the rules (rules §2); `exp` is the instant that day ends in the rules' time zone.
 * Verifying "as of" another date evaluates the token at noon of that date in the same zone.
 *
 * The shareable link names a random share id and the verify page reads the token kept with the
 * issued claims, so the link stays short whatever the token's length (docs/decisions/0013).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { SignJWT, type JWTPayload } from 'jose';
import { DateTime } from 'luxon';
import { attestations, companies, flowdownChecks } from '../../db/schema.js';
import { statusAsOf, statusFacts } from '../domain/currency.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { distinctUids } from '../domain/eligibility.js';
import type { Information, Level, NistConfidence, StatusType } from '../domain/levels.js';
import type { FlowdownFact } from '../domain/flowdown.js';
import type { Reason } from '../domain/reasons.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { forbidden, invalid, notFound } from './errors.js';
import { maySeeRecord } from './records.js';
import { activeSigningKey, ATTESTATION_ALG } from './signing-keys.js';
import { loadNistRecords, loadStatusRecords } from './status-records.js';

/** Explicit JWT type, so a token minted for another purpose is never taken for an attestation (RFC 8725 §3.11). */
export const ATTESTATION_TYP = 'awardgate-status-attestation+jwt';
export const DEFAULT_ISSUER = 'urn:awardgate';
export const DEFAULT_VALID_DAYS = 30;

// ---- claims ----

/**
 * One attested UID: the facts a flowdown decision reads (rules §7), as of the issue date (`type` is
 * the status type then: a successful closeout makes a Conditional Final).
 */
export interface AttestedUid extends Pick<FlowdownFact, 'uid' | 'level' | 'type' | 'statusDate' | 'currentThrough' | 'latestAffirmationDate'> {
  cages: string[];
  current: boolean;
  /** Codes of what ended the status or stops it being current on the issue date (rules §3). */
  reasons: string[];
}

export interface SharedFlowdownCheck {
  id: string;
  primeContractNumber: string;
  subcontractor: { cage: string; name: string };
  information: Information;
  subMinimumLevel: Level | null;
  mayAward: boolean;
  verified: boolean;
  asOf: IsoDate;
}

/** The company's latest NIST SP 800-171 DoD Assessment on the issue date (rules §7; DFARS 252.204-7020(g)(2)). */
export interface AttestedNist {
  confidence: NistConfidence;
  assessmentDate: IsoDate;
  score: number;
  /** The CAGE codes the assessment covers. */
  cages: string[];
}

export interface AttestationClaims extends JWTPayload {
  iss: string;
  /** The company's HLO CAGE. */
  sub: string;
  aud?: string;
  iat: number;
  exp: number;
  jti: string;
  /** Issue date and last valid date (rules' calendar dates, for people reading the claims). */
  issuedOn: IsoDate;
  validThrough: IsoDate;
  company: { name: string; hloCage: string; cages: string[] };
  uids: AttestedUid[];
  /** The company's own flowdown checks it chose to share with the recipient (multi-tier tree). */
  flowdownChecks: SharedFlowdownCheck[];
  /**
   * The latest assessment dated on or before the issue date that covers any of the company's CAGE
   * codes (null: none posted). Absent from tokens issued before the claim existed.
   */
  nist?: AttestedNist | null;
}

// ---- issue ----

/** The instant a calendar date ends in the rules' zone (rules §2: dates, not times, decide). */
const endOfDate = (date: IsoDate, zone: string): Date => DateTime.fromISO(date, { zone }).startOf('day').plus({ days: 1 }).toJSDate();

export interface IssueAttestationInput {
  uids: string[];
  audienceCage?: string | null;
  validDays?: number | null;
  flowdownCheckIds?: string[];
}

export interface IssuedAttestation {
  token: string;
  claims: AttestationClaims;
  jti: string;
  kid: string;
  validThrough: IsoDate;
  expiresAt: string;
  /** Shareable link to the verify page: /attestations/shared/<share id>, the token held here. */
  link: string;
}

export interface IssueOptions {
  /** Origin for the shareable link (the route passes the request's). Never used as `iss`: a Host header must not name the signer. */
  baseUrl?: string | null;
  /** `iss` claim; defaults to DEFAULT_ISSUER. Verification trusts keys, not this string. */
  issuer?: string | null;
}

/** Issues an attestation over the company's own UIDs (contractor of the company only; another company's UID → 404). */
export async function issueAttestation(ctx: ServiceContext, actor: Actor, input: IssueAttestationInput, opts: IssueOptions = {}): Promise<IssuedAttestation> {
  const refusal = "Attestations are issued by a contractor for its own company's UIDs";
  requireReach(actor, 'attestations.issue', refusal);
  const hlo = ownCompany(actor, refusal);
  const { db } = ctx.database;
  const { uids } = distinctUids(input.uids);
  if (!uids.length) throw invalid('Select at least one UID', [{ path: 'uids', message: 'at least one UID' }]);
  const records = await loadStatusRecords(db, uids);
  for (const uid of uids) {
    const rec = records.get(uid);
    // 404, never revealing that another company's UID exists (api.md conventions).
    if (!rec || !maySeeRecord(actor, rec)) throw notFound(`No UID ${uid}`);
    // Rules §9: a company attests to its own UIDs; one that merely lists its CAGE is another company's.
    if (rec.hloCage !== hlo) throw forbidden(`${uid} belongs to another company: only that company attests to it`);
  }
  const today = ctx.clock.today();
  const [company] = await db.select().from(companies).where(eq(companies.cage, hlo));
  if (!company) throw notFound('No such company');
  const hierarchy = (await db.select({ cage: companies.cage }).from(companies).where(eq(companies.hloCage, hlo))).map((r) => r.cage);
  const cages = [...new Set([hlo, ...hierarchy])].sort();

  const checkIds = [...new Set(input.flowdownCheckIds ?? [])];
  const shared = checkIds.length ? await db.select().from(flowdownChecks).where(inArray(flowdownChecks.id, checkIds)) : [];
  for (const id of checkIds) {
    const c = shared.find((s) => s.id === id);
    // Only the company's own checks can be shared; others' are not revealed.
    if (!c || c.primeHlo !== hlo) throw notFound(`No flowdown check ${id}`);
  }

  const attested: AttestedUid[] = uids.map((uid) => {
    const rec = records.get(uid)!;
    const s = statusAsOf(rec, today);
    return { ...statusFacts(rec, s), latestAffirmationDate: s.latestAffirmation, cages: rec.cages, reasons: [...s.ended, ...s.currencyErrors].map((r) => r.code) };
  });

  // Latest first; the same day's later record first (the order the officer's NIST check uses).
  const [latestNist] = (await loadNistRecords(db, cages, today)).sort((a, b) => (a.assessmentDate === b.assessmentDate ? b.id - a.id : a.assessmentDate < b.assessmentDate ? 1 : -1));

  const validDays = input.validDays ?? DEFAULT_VALID_DAYS;
  const validThrough = addDays(today, validDays);
  const now = ctx.clock.now();
  const exp = endOfDate(validThrough, ctx.clock.zone);
  const key = await activeSigningKey(ctx);
  const jti = randomUUID();
  const claims: AttestationClaims = {
    iss: opts.issuer || DEFAULT_ISSUER,
    sub: hlo,
    ...(input.audienceCage ? { aud: input.audienceCage } : {}),
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(exp.getTime() / 1000),
    jti,
    issuedOn: today,
    validThrough,
    company: { name: company.name, hloCage: hlo, cages },
    uids: attested,
    flowdownChecks: shared
      .sort((a, b) => a.seq - b.seq)
      .map((c) => ({
        id: c.id,
        primeContractNumber: c.primeContractNumber,
        subcontractor: { cage: c.subCage, name: c.subName },
        information: c.information,
        subMinimumLevel: c.subMinimumLevel,
        mayAward: c.mayAward,
        verified: c.verified,
        asOf: c.asOf,
      })),
    nist: latestNist
      ? { confidence: latestNist.confidence, assessmentDate: latestNist.assessmentDate, score: latestNist.score, cages: latestNist.cages.filter((c) => cages.includes(c)).sort() }
      : null,
  };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: ATTESTATION_ALG, kid: key.kid, typ: ATTESTATION_TYP }).sign(key.privateKey);
  const shareId = randomBytes(18).toString('base64url');
  await db.transaction(async (tx) => {
    await tx.insert(attestations).values({
      jti,
      companyHlo: hlo,
      kid: key.kid,
      claimsJson: JSON.stringify(claims),
      audience: input.audienceCage ?? null,
      iat: now.toISOString(),
      exp: exp.toISOString(),
      issuedBy: actor.id,
      token,
      shareId,
    });
    await appendAudit(tx, now, [
      { userId: actor.id, action: 'attestation.issue', entity: 'attestation', entityId: jti, detail: { company: hlo, uids, audience: input.audienceCage ?? null, validThrough, flowdownChecks: checkIds } },
    ]);
  });
  const base = opts.baseUrl ?? '';
  return { token, claims, jti, kid: key.kid, validThrough, expiresAt: exp.toISOString(), link: sharedLink(base, shareId) };
}

/**
 * An attestation the caller's company issued, with its token and link, for the page the issue
 * form redirects to (post/redirect/get: a reload shows it again instead of issuing another).
 */
export async function issuedAttestationOf(ctx: ServiceContext, actor: Actor, jti: string, opts: IssueOptions = {}): Promise<IssuedAttestation> {
  const refusal = "Attestations are issued by a contractor for its own company's UIDs";
  requireReach(actor, 'attestations.issue', refusal);
  const hlo = ownCompany(actor, refusal);
  const [row] = await ctx.database.db.select().from(attestations).where(eq(attestations.jti, jti));
  // Attestations from before tokens were kept have nothing to show again.
  if (!row || row.companyHlo !== hlo || !row.token || !row.shareId) throw notFound('No attestation of your company has that address');
  const claims = JSON.parse(row.claimsJson) as AttestationClaims;
  return { token: row.token, claims, jti, kid: row.kid, validThrough: claims.validThrough, expiresAt: row.exp, link: sharedLink(opts.baseUrl ?? '', row.shareId) };
}

/** The shareable link of an attestation: short, whatever the token's length (a long token in a URL meets HTTP 431). */
export const sharedLink = (base: string, shareId: string): string => `${base}/attestations/shared/${shareId}`;

/** The token behind a shareable link (null when no attestation has that share id). */
export async function tokenOfShare(ctx: ServiceContext, shareId: string): Promise<string | null> {
  const [row] = await ctx.database.db.select({ token: attestations.token }).from(attestations).where(eq(attestations.shareId, shareId));
  return row?.token ?? null;
}

// ---- verify (attestation-verification.ts) ----

export interface AttestationVerification {
  valid: boolean;
  /** The signed claims when the signature holds (also when expired); null otherwise. */
  claims: AttestationClaims | null;
  reasons: Reason[];
  /** What an unverifiable token says, for display only: never evidence. */
  unverifiedClaims?: JWTPayload | null;
  kid?: string | null;
  /** The issuer's revocation, when it revoked the token (then `valid` is false). */
  revocation?: { revokedOn: IsoDate; reason: string } | null;
  /**
   * The issuer's live status of each attested UID on the verification date, from the records held
   * here (issue 12): next to the signed claims, which say what held on the issue date. Only for a
   * valid token; a UID whose records are not held here has `held: false`.
   */
  live?: { asOf: IsoDate; uids: LiveUidStatus[] } | null;
  /** The shareable link's share id, when the token was issued here with one (for "use it" links). */
  shareId?: string | null;
}

export interface LiveUidStatus {
  uid: string;
  held: boolean;
  level: Level | null;
  type: StatusType | null;
  statusDate: IsoDate | null;
  current: boolean;
  currentThrough: IsoDate | null;
  latestAffirmationDate: IsoDate | null;
  /** What ended the status or stops it being current on the date, with messages and citations (rules §3). */
  reasons: Reason[];
  /** True when the live status differs from the signed claims (current, type or reasons). */
  changedSinceIssue: boolean;
}
