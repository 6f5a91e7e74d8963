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
 * Keys: one active Ed25519 key (kid = RFC 7638 thumbprint). It lives in `signing_keys` (created on
 * first use) or, when SIGNING_KEY_FILE is set, in that file (a private JWK or a PKCS#8 PEM; only
 * its public JWK is stored). Rotation retires the active key but keeps its public JWK, so tokens it
 * signed keep verifying until they expire.
 *
 * Validity: `validDays` N makes a token valid through issue date + N days, inclusive, like every
 * other period in the rules (rules §2); `exp` is the instant that day ends in the rules' time zone.
 * Verifying "as of" another date evaluates the token at noon of that date in the same zone.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { DateTime } from 'luxon';
import { attestations, companies, flowdownChecks, signingKeys, type SigningKeyRow } from '../../db/schema.js';
import { statusAsOf } from '../domain/currency.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { distinctUids } from '../domain/eligibility.js';
import type { Information, Level, StatusType } from '../domain/levels.js';
import { makeReason, type Reason } from '../domain/reasons.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { maySeeRecord } from './records.js';
import { loadStatusRecords } from './status-records.js';

export const ATTESTATION_ALG = 'EdDSA';
/** Explicit JWT type, so a token minted for another purpose is never taken for an attestation (RFC 8725 §3.11). */
export const ATTESTATION_TYP = 'awardgate-status-attestation+jwt';
export const DEFAULT_ISSUER = 'urn:awardgate';
export const DEFAULT_VALID_DAYS = 30;

// ---- claims ----

export interface AttestedUid {
  uid: string;
  level: Level;
  /** The status type on the issue date (a successful closeout makes a Conditional Final). */
  type: StatusType;
  statusDate: IsoDate;
  currentThrough: IsoDate | null;
  latestAffirmationDate: IsoDate | null;
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
}

// ---- verification reasons ----

// ---- keys ----

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

const publicPart = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
const published = (jwk: JWK, kid: string): JWK => ({ ...publicPart(jwk), kid, alg: ATTESTATION_ALG, use: 'sig' });

interface FileKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Reads SIGNING_KEY_FILE: a private Ed25519 JWK (JSON) or a PKCS#8 PEM. Read on use, so replacing the file rotates. */
async function readKeyFile(path: string): Promise<FileKey> {
  const text = (await readFile(path, 'utf8')).trim();
  let privateKey: CryptoKey;
  let jwk: JWK;
  if (text.startsWith('{')) {
    jwk = JSON.parse(text) as JWK;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) throw new Error(`SIGNING_KEY_FILE ${path}: expected a private Ed25519 JWK (kty OKP, crv Ed25519, d)`);
    privateKey = (await importJWK(jwk, ATTESTATION_ALG)) as CryptoKey;
  } else {
    privateKey = await importPKCS8(text, ATTESTATION_ALG, { extractable: true });
    jwk = await exportJWK(privateKey);
  }
  const publicJwk = publicPart(jwk);
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  return { kid, privateKey, publicJwk };
}

async function activeRow(ctx: ServiceContext): Promise<SigningKeyRow | undefined> {
  const [row] = await ctx.database.db
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.alg, ATTESTATION_ALG), isNull(signingKeys.retiredAt)));
  return row;
}

const isUniqueViolation = (e: unknown) => /UNIQUE constraint failed/i.test(String((e as { message?: string })?.message ?? e) + String((e as { cause?: unknown })?.cause ?? ''));

async function newDatabaseKey(): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK }> {
  const pair = await generateKeyPair(ATTESTATION_ALG, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const publicJwk = publicPart(await exportJWK(pair.publicKey));
  return { kid: await calculateJwkThumbprint(publicJwk), publicJwk, privateJwk };
}

/** The key that signs now: created on first use (database), or the key file's (rotating the stored row when the file changed). */
async function activeSigningKey(ctx: ServiceContext): Promise<SigningKey> {
  const { db } = ctx.database;
  const at = ctx.clock.now().toISOString();
  if (ctx.signingKeyFile) {
    const file = await readKeyFile(ctx.signingKeyFile);
    const active = await activeRow(ctx);
    if (active?.kid !== file.kid) {
      await db.transaction(async (tx) => {
        if (active) await tx.update(signingKeys).set({ retiredAt: at }).where(eq(signingKeys.kid, active.kid));
        const [known] = await tx.select({ kid: signingKeys.kid }).from(signingKeys).where(eq(signingKeys.kid, file.kid));
        if (known) await tx.update(signingKeys).set({ retiredAt: null }).where(eq(signingKeys.kid, file.kid));
        else
          await tx.insert(signingKeys).values({ kid: file.kid, alg: ATTESTATION_ALG, publicJwk: JSON.stringify(file.publicJwk), privateJwk: null, source: 'FILE', createdAt: at });
        await appendAudit(tx, ctx.clock.now(), [{ userId: null, action: 'signing_key.activate_file', entity: 'signing_key', entityId: file.kid, detail: { retired: active?.kid ?? null } }]);
      });
    }
    return { kid: file.kid, privateKey: file.privateKey };
  }
  let row = await activeRow(ctx);
  if (row && row.source === 'FILE') {
    // The key file was removed from the configuration: its public key stays for verification.
    await db.update(signingKeys).set({ retiredAt: at }).where(eq(signingKeys.kid, row.kid));
    row = undefined;
  }
  if (!row) {
    const key = await newDatabaseKey();
    try {
      await db.transaction(async (tx) => {
        await tx.insert(signingKeys).values({ kid: key.kid, alg: ATTESTATION_ALG, publicJwk: JSON.stringify(key.publicJwk), privateJwk: JSON.stringify(key.privateJwk), source: 'DATABASE', createdAt: at });
        await appendAudit(tx, ctx.clock.now(), [{ userId: null, action: 'signing_key.create', entity: 'signing_key', entityId: key.kid }]);
      });
    } catch (e) {
      // Another request created the first key at the same moment (one active key: unique index).
      if (!isUniqueViolation(e)) throw e;
    }
    row = await activeRow(ctx);
    if (!row) throw new Error('no active signing key after creating one');
  }
  return { kid: row.kid, privateKey: (await importJWK(JSON.parse(row.privateJwk!) as JWK, ATTESTATION_ALG)) as CryptoKey };
}

/**
 * Retires the active key and makes a new one (administrator). The retired key stays in the JWKS,
 * so attestations it signed verify until they expire. With SIGNING_KEY_FILE, replace the file instead.
 */
export async function rotateSigningKey(ctx: ServiceContext, actor: Actor): Promise<{ kid: string; retired: string | null }> {
  requireReach(actor, 'signing-key.rotate', 'Only administrators rotate the signing key');
  if (ctx.signingKeyFile) throw conflict('The signing key comes from SIGNING_KEY_FILE: rotate it by replacing that file');
  const key = await newDatabaseKey();
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const [active] = await tx.select().from(signingKeys).where(and(eq(signingKeys.alg, ATTESTATION_ALG), isNull(signingKeys.retiredAt)));
    if (active) await tx.update(signingKeys).set({ retiredAt: now.toISOString() }).where(eq(signingKeys.kid, active.kid));
    await tx.insert(signingKeys).values({ kid: key.kid, alg: ATTESTATION_ALG, publicJwk: JSON.stringify(key.publicJwk), privateJwk: JSON.stringify(key.privateJwk), source: 'DATABASE', createdAt: now.toISOString() });
    await appendAudit(tx, now, [{ userId: actor.id, action: 'signing_key.rotate', entity: 'signing_key', entityId: key.kid, detail: { retired: active?.kid ?? null } }]);
    return { kid: key.kid, retired: active?.kid ?? null };
  });
}

/** Every public key that may have signed a still-verifiable token: active and retired, stored and from the key file. */
async function publicKeys(ctx: ServiceContext): Promise<{ jwk: JWK; retired: boolean }[]> {
  const rows = await ctx.database.db.select().from(signingKeys).orderBy(signingKeys.createdAt);
  const out = rows.map((r) => ({ jwk: published(JSON.parse(r.publicJwk) as JWK, r.kid), retired: r.retiredAt !== null }));
  if (ctx.signingKeyFile) {
    const file = await readKeyFile(ctx.signingKeyFile);
    if (!out.some((k) => k.jwk.kid === file.kid)) out.push({ jwk: published(file.publicJwk, file.kid), retired: false });
  }
  return out;
}

/** GET /.well-known/jwks.json: the public keys, so a prime can verify offline. */
export async function jwks(ctx: ServiceContext): Promise<{ keys: JWK[] }> {
  return { keys: (await publicKeys(ctx)).map((k) => k.jwk) };
}

// ---- dates ↔ instants ----

/** The instant a calendar date ends in the rules' zone (rules §2: dates, not times, decide). */
const endOfDate = (date: IsoDate, zone: string): Date => DateTime.fromISO(date, { zone }).startOf('day').plus({ days: 1 }).toJSDate();

/** The instant a verification "as of D" is evaluated at: now for today, else noon of D in the rules' zone. */
function instantOf(ctx: ServiceContext, asOf?: IsoDate | null): Date {
  if (!asOf || asOf === ctx.clock.today()) return ctx.clock.now();
  return DateTime.fromISO(asOf, { zone: ctx.clock.zone }).startOf('day').plus({ hours: 12 }).toJSDate();
}

// ---- issue ----

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
  /** Shareable link to the verify page (/attestations/verify?token=…, to be built with the pages). */
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
    return {
      uid,
      level: rec.level,
      type: s.type,
      statusDate: rec.statusDate,
      currentThrough: s.currentThrough,
      latestAffirmationDate: s.latestAffirmation,
      cages: rec.cages,
      current: s.current,
      reasons: [...s.ended, ...s.currencyErrors].map((r) => r.code),
    };
  });

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
  };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: ATTESTATION_ALG, kid: key.kid, typ: ATTESTATION_TYP }).sign(key.privateKey);
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
    });
    await appendAudit(tx, now, [
      { userId: actor.id, action: 'attestation.issue', entity: 'attestation', entityId: jti, detail: { company: hlo, uids, audience: input.audienceCage ?? null, validThrough, flowdownChecks: checkIds } },
    ]);
  });
  const base = opts.baseUrl ?? '';
  return { token, claims, jti, kid: key.kid, validThrough, expiresAt: exp.toISOString(), link: `${base}/attestations/verify?token=${encodeURIComponent(token)}` };
}

// ---- verify ----

export interface AttestationVerification {
  valid: boolean;
  /** The signed claims when the signature holds (also when expired); null otherwise. */
  claims: AttestationClaims | null;
  reasons: Reason[];
  /** What an unverifiable token says, for display only: never evidence. */
  unverifiedClaims?: JWTPayload | null;
  kid?: string | null;
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
