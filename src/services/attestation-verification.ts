/**
 * Verifying a status attestation (api.md "Signed status attestations"): against this instance's
 * keys, active and retired, on a date. A bad signature, altered claims, expiry, an unknown key, a
 * revocation by the issuer or a malformed token make it invalid, each with its reason. Verifying
 * "as of" another date evaluates the token at noon of that date in the rules' zone; a date before
 * the token was issued is refused (the attestation did not exist then).
 *
 * Online verification also reports the issuer's live status of each attested UID from the records
 * held here (issue 12): the signed claims say what held on the issue date, the live status what
 * holds on the verification date (a compliance change after issuance shows).
 */
import { eq } from 'drizzle-orm';
import { base64url, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { DateTime } from 'luxon';
import { attestationRevocations, attestations } from '../../db/schema.js';
import { statusAsOf, statusFacts } from '../domain/currency.js';
import { dateInZone, type IsoDate } from '../domain/dates.js';
import { makeReason, type Reason } from '../domain/reasons.js';
import { ATTESTATION_TYP, type AttestationClaims, type AttestationVerification, type LiveUidStatus } from './attestations.js';
import type { ServiceContext } from './context.js';
import { invalid } from './errors.js';
import { nestedDeeperThan } from './json-depth.js';
import { ATTESTATION_ALG, publicKeys } from './signing-keys.js';
import { loadStatusRecords } from './status-records.js';

/** The instant a verification "as of D" is evaluated at: now for today, else noon of D in the rules' zone. */
function instantOf(ctx: ServiceContext, asOf?: IsoDate | null): Date {
  if (!asOf || asOf === ctx.clock.today()) return ctx.clock.now();
  return DateTime.fromISO(asOf, { zone: ctx.clock.zone }).startOf('day').plus({ hours: 12 }).toJSDate();
}

/** Paths where the presented claims differ from what was issued under the same jti. */
function changedPaths(issued: unknown, presented: unknown, path = ''): string[] {
  if (JSON.stringify(issued) === JSON.stringify(presented)) return [];
  if (issued && presented && typeof issued === 'object' && typeof presented === 'object') {
    const a = issued as Record<string, unknown>;
    const b = presented as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => changedPaths(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [path || '(claims)'];
}

/** The issue date a token's claims give (its `issuedOn`, else the day of `iat` in the rules' zone). */
function issuedOnOf(ctx: ServiceContext, claims: JWTPayload): IsoDate | null {
  if (typeof claims.issuedOn === 'string') return claims.issuedOn;
  return typeof claims.iat === 'number' ? dateInZone(new Date(claims.iat * 1000), ctx.clock.zone) : null;
}

/** A verification "as of" a date before the token was issued asks about a time it did not exist: refused (422). */
function refuseBeforeIssue(ctx: ServiceContext, claims: JWTPayload, asOf?: IsoDate | null): void {
  const issuedOn = issuedOnOf(ctx, claims);
  if (asOf && issuedOn && asOf < issuedOn) {
    throw invalid(`The attestation was issued on ${issuedOn}; verify it as of that date or later`, [
      { path: 'asOf', message: `Verify as of ${issuedOn} (the day the attestation was issued) or later: before that it did not exist` },
    ]);
  }
}

/** The issuer's status of each attested UID on `asOf`, from the records held here (issue 12). */
async function liveStatus(ctx: ServiceContext, claims: AttestationClaims, asOf: IsoDate): Promise<{ asOf: IsoDate; uids: LiveUidStatus[] }> {
  const signed = Array.isArray(claims.uids) ? claims.uids : [];
  const records = await loadStatusRecords(ctx.database.db, signed.map((u) => u.uid));
  const uids = signed.map((u): LiveUidStatus => {
    const rec = records.get(u.uid);
    // Only the issuer's own records speak for it (rules §9: a company attests to its own UIDs).
    if (!rec || rec.hloCage !== claims.sub) {
      return { uid: u.uid, held: false, level: null, type: null, statusDate: null, current: false, currentThrough: null, latestAffirmationDate: null, reasons: [], changedSinceIssue: false };
    }
    const s = statusAsOf(rec, asOf);
    const reasons = [...s.ended, ...s.currencyErrors];
    const codes = [...new Set(reasons.map((r) => r.code))].sort();
    const signedCodes = [...new Set(u.reasons ?? [])].sort();
    const changedSinceIssue = s.current !== u.current || s.type !== u.type || s.currentThrough !== u.currentThrough || codes.join() !== signedCodes.join();
    return {
      ...statusFacts(rec, s),
      held: true,
      latestAffirmationDate: s.latestAffirmation,
      reasons,
      changedSinceIssue,
    };
  });
  return { asOf, uids };
}

/** The issuer's revocation of `jti` in force on `asOf` (revoked on or before it), if any. */
async function revocationOf(ctx: ServiceContext, jti: string, asOf: IsoDate): Promise<{ revokedOn: IsoDate; reason: string } | null> {
  const [row] = await ctx.database.db.select().from(attestationRevocations).where(eq(attestationRevocations.jti, jti));
  if (!row) return null;
  const revokedOn = dateInZone(row.revokedAt, ctx.clock.zone);
  return revokedOn <= asOf ? { revokedOn, reason: row.reason } : null;
}

/**
 * Verifies a token against this instance's keys on `asOf` (default today): a bad signature, altered
 * claims, expiry, an unknown key, a revocation or a malformed token make it invalid, each with its
 * reason; a valid token comes with the issuer's live status of each UID. `asOf` before the issue
 * date → 422.
 */
export async function verifyAttestation(ctx: ServiceContext, rawToken: string, asOf?: IsoDate | null): Promise<AttestationVerification> {
  const v = await verifySignature(ctx, rawToken, asOf);
  if (!v.claims) return v;
  refuseBeforeIssue(ctx, v.claims, asOf);
  const on = asOf ?? ctx.clock.today();
  const [issued] = await ctx.database.db.select({ shareId: attestations.shareId }).from(attestations).where(eq(attestations.jti, v.claims.jti));
  const revocation = await revocationOf(ctx, v.claims.jti, on);
  const extra = { revocation, shareId: issued?.shareId ?? null };
  if (revocation) {
    const revoked = makeReason('ATTESTATION_REVOKED', `The issuer revoked this attestation on ${revocation.revokedOn}: "${revocation.reason}". Its claims are genuine but no longer evidence; ask the subcontractor for a fresh one.`, {
      revokedOn: revocation.revokedOn,
    });
    return { ...v, ...extra, valid: false, reasons: [revoked, ...v.reasons], live: null };
  }
  if (!v.valid) return { ...v, ...extra, live: null };
  return { ...v, ...extra, live: await liveStatus(ctx, v.claims, on) };
}

/** The signature, key, type and expiry of a token on `asOf`: the cryptographic part of verification. */
async function verifySignature(ctx: ServiceContext, rawToken: string, asOf?: IsoDate | null): Promise<AttestationVerification> {
  const token = rawToken.trim();
  let header: ProtectedHeaderParameters;
  let unverified: JWTPayload;
  try {
    if (token.split('.').length !== 3) throw new Error('not three parts');
    // A header or claims nested deeper than any attestation's would overflow whatever walks them (issue 12, finding 8).
    if (token.split('.').slice(0, 2).some((part) => nestedDeeperThan(new TextDecoder().decode(base64url.decode(part))))) throw new Error('nested too deeply');
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    return { valid: false, claims: null, reasons: [makeReason('ATTESTATION_MALFORMED', 'This is not a signed attestation: a compact JWS has three base64url parts (header.payload.signature) with JSON header and claims.')] };
  }
  const keys = await publicKeys(ctx);
  const fail = (r: Reason[], claims: AttestationClaims | null = null): AttestationVerification => ({
    valid: false,
    claims,
    reasons: r,
    unverifiedClaims: claims ? undefined : unverified,
    kid: header.kid ?? null,
  });
  if (!header.kid || !keys.some((k) => k.jwk.kid === header.kid)) {
    return fail([
      makeReason(
        'ATTESTATION_UNKNOWN_KEY',
        header.kid ? `The token was signed with key "${header.kid}", which this AwardGate instance never held; it was not issued here.` : 'The token names no signing key (kid); it was not issued here.',
        { kid: header.kid ?? null },
      ),
    ]);
  }
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: keys.map((k) => k.jwk) }), {
      algorithms: [ATTESTATION_ALG],
      typ: ATTESTATION_TYP,
      currentDate: instantOf(ctx, asOf),
      requiredClaims: ['iss', 'sub', 'iat', 'exp', 'jti'],
    });
    const claims = payload as AttestationClaims;
    const retired = keys.find((k) => k.jwk.kid === header.kid)?.retired;
    const reasons = retired ? [makeReason('ATTESTATION_KEY_RETIRED', `Signed with key "${header.kid}", since rotated out; the signature still verifies.`, { kid: header.kid })] : [];
    return { valid: true, claims, reasons, kid: header.kid };
  } catch (e) {
    const code = (e as { code?: string }).code;
    switch (code) {
      case 'ERR_JWT_EXPIRED': {
        // The signature held (jose checks it before the claims), so the claims are genuine but stale.
        const claims = (e as { payload: JWTPayload }).payload as AttestationClaims;
        const through = typeof claims.validThrough === 'string' ? claims.validThrough : new Date(claims.exp * 1000).toISOString();
        return fail([makeReason('ATTESTATION_EXPIRED', `The attestation was valid through ${through} and has expired; ask the subcontractor for a fresh one.`, { validThrough: through })], claims);
      }
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED': {
        const reasons = [makeReason('ATTESTATION_SIGNATURE_INVALID', 'The signature does not match the token: it was altered after signing or signed by someone else.')];
        const jti = typeof unverified.jti === 'string' ? unverified.jti : null;
        const [issued] = jti ? await ctx.database.db.select({ claimsJson: attestations.claimsJson }).from(attestations).where(eq(attestations.jti, jti)) : [];
        if (issued) {
          const changed = changedPaths(JSON.parse(issued.claimsJson), unverified);
          if (changed.length) {
            reasons.push(makeReason('ATTESTATION_CLAIMS_ALTERED', `The claims differ from what this instance issued under ${jti}: ${changed.slice(0, 10).join(', ')}${changed.length > 10 ? ', …' : ''}.`, { changed }));
          }
        }
        return fail(reasons);
      }
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return fail([makeReason('ATTESTATION_ALGORITHM_NOT_ALLOWED', `The token uses the algorithm "${header.alg}"; attestations are signed with ${ATTESTATION_ALG} only.`)]);
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return fail([makeReason('ATTESTATION_UNKNOWN_KEY', `No key of this instance matches "${header.kid}".`, { kid: header.kid })]);
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
        const claim = (e as { claim?: string }).claim;
        return fail([makeReason('ATTESTATION_CLAIM_INVALID', `The token is not a valid attestation: ${(e as Error).message}${claim ? ` (${claim})` : ''}.`, { claim })]);
      }
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
      case 'ERR_JOSE_NOT_SUPPORTED':
        return fail([makeReason('ATTESTATION_MALFORMED', `The token is malformed: ${(e as Error).message}.`)]);
      default:
        throw e;
    }
  }
}
