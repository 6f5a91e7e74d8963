/**
 * Verifying a status attestation (api.md "Signed status attestations"): against this instance's
 * keys, active and retired, on a date. A bad signature, altered claims, expiry, an unknown key or a
 * malformed token make it invalid, each with its reason. Verifying "as of" another date evaluates the
 * token at noon of that date in the rules' zone.
 */
import { eq } from 'drizzle-orm';
import { base64url, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { DateTime } from 'luxon';
import { attestations } from '../../db/schema.js';
import type { IsoDate } from '../domain/dates.js';
import { makeReason, type Reason } from '../domain/reasons.js';
import { ATTESTATION_TYP, type AttestationClaims, type AttestationVerification } from './attestations.js';
import type { ServiceContext } from './context.js';
import { nestedDeeperThan } from './json-depth.js';
import { ATTESTATION_ALG, publicKeys } from './signing-keys.js';

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

/**
 * Verifies a token against this instance's keys on `asOf` (default today): a bad signature, altered
 * claims, expiry, an unknown key or a malformed token make it invalid, each with its reason.
 */
export async function verifyAttestation(ctx: ServiceContext, rawToken: string, asOf?: IsoDate | null): Promise<AttestationVerification> {
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
