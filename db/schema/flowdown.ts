/**
 * Signed status attestations and flowdown checks (rules §7; 32 CFR 170.23; api.md "Flowdown checks",
 * "Signed status attestations").
 *
 * - `signing_keys`: the instance's EdDSA (Ed25519) keys. One key is active (retired_at IS NULL, a
 *   partial unique index enforces it); rotation retires the old key but keeps its public JWK so
 *   tokens it signed still verify (and stay in /.well-known/jwks.json). With SIGNING_KEY_FILE the
 *   private key lives in that file and only the public JWK is stored here (source FILE).
 * - `attestations`: what was issued (the exact claims), append-only. Since issue 12/10 it also keeps
 *   the token and a random `share_id`: the shareable link names the share id and the verify page
 *   reads the token here, so a link never carries a long token (HTTP 431). The jti is no secret (a
 *   prime's tree shows the jti of lower tiers' attestations), hence a separate id.
 * - `attestation_revocations`: the issuer's revocation of an attestation, once, append-only (an
 *   attestation row is immutable, so revoking adds a row rather than changing one).
 * - `flowdown_checks`: a prime's recorded decision on a subcontractor, append-only (triggers in the
 *   migration refuse UPDATE and DELETE), like recorded verifications.
 * - `flowdown_check_links`: the multi-tier tree. A sub's attestation may carry ids of flowdown checks
 *   the sub recorded on its own subs; when a prime records a check with that attestation, one link
 *   (prime's check → shared check) is written in the same transaction. The shared check existed
 *   before the prime's check, and both are immutable, so the link lives in its own (append-only)
 *   table rather than as a column of either check.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { dateCheck, idOf, keyOf, oneOf } from './columns.js';
import { signedBy, users } from './core.js';
import { INFORMATION, LEVELS } from '../../src/domain/levels.js';

export const EVIDENCE_KINDS = ['ATTESTATION', 'SPRS_PRINTOUT', 'CERTIFICATE', 'OTHER'] as const;
export const SUB_NIST_OUTCOMES = ['CURRENT', 'MISSING', 'EXPIRED'] as const;

export const signingKeys = sqliteTable(
  'signing_keys',
  {
    kid: text().primaryKey(),
    alg: text().notNull(),
    /** Public JWK (JSON), published in the JWKS. */
    publicJwk: text().notNull(),
    /** Private JWK (JSON); null when the private key is held in SIGNING_KEY_FILE. */
    privateJwk: text(),
    source: text({ enum: ['DATABASE', 'FILE'] }).notNull(),
    createdAt: text().notNull(),
    retiredAt: text(),
  },
  (t) => [
    uniqueIndex('signing_keys_one_active_idx').on(t.alg).where(sql`retired_at IS NULL`),
    check('signing_keys_source', sql`source IN ('DATABASE','FILE')`),
    check('signing_keys_private_when_database', sql`source <> 'DATABASE' OR private_jwk IS NOT NULL`),
  ],
);

export const attestations = sqliteTable(
  'attestations',
  {
    jti: text().primaryKey(),
    companyHlo: text().notNull(),
    kid: text().notNull(),
    /** The signed JWT claims exactly as issued (JSON). */
    claimsJson: text().notNull(),
    audience: text(),
    /** Instants as ISO-8601 UTC (the token carries NumericDate seconds). */
    iat: text().notNull(),
    exp: text().notNull(),
    issuedBy: idOf(() => users.id),
    /** The compact JWS as issued (null for attestations issued before tokens were kept). */
    token: text(),
    /** Random id of the shareable link (null before links held the token server-side). */
    shareId: text(),
  },
  (t) => [index('attestations_company_idx').on(t.companyHlo, t.iat), uniqueIndex('attestations_share_id_idx').on(t.shareId)],
);

export const attestationRevocations = sqliteTable('attestation_revocations', {
  jti: text().primaryKey().references(() => attestations.jti),
  revokedAt: text().notNull(),
  revokedBy: idOf(() => users.id),
  revokedByEmail: text().notNull(),
  reason: text().notNull(),
});

export const flowdownChecks = sqliteTable(
  'flowdown_checks',
  {
    id: text().primaryKey(),
    seq: integer().notNull(),
    primeHlo: text().notNull(),
    primeContractNumber: text().notNull(),
    primeLevel: text({ enum: LEVELS }).notNull(),
    subCage: text().notNull(),
    subName: text().notNull(),
    information: text({ enum: INFORMATION }).notNull(),
    subMinimumLevel: text({ enum: LEVELS }),
    /** Null when the sub handles no FCI/CUI and no evidence was given. */
    evidenceKind: text({ enum: EVIDENCE_KINDS }),
    /** The evidence as given (typed facts, or the attestation token and its verified claims) and the facts used. */
    evidenceJson: text().notNull(),
    /** True only for facts taken from a verified attestation. */
    verified: integer({ mode: 'boolean' }).notNull(),
    attestationJti: text(),
    /** Earliest currentThrough of the evidence's UIDs (null when none is current): the re-check list reads it. */
    evidenceCurrentThrough: text(),
    mayAward: integer({ mode: 'boolean' }).notNull(),
    reasonsJson: text().notNull(),
    /** Solely COTS items: nothing flowed down (rules §7). */
    cotsOnly: integer({ mode: 'boolean' }).notNull().default(false),
    /** Subject to DFARS 252.204-7012: the sub's NIST SP 800-171 test applied (rules §7). */
    nist7012: integer({ mode: 'boolean' }).notNull().default(false),
    /** The NIST test's outcome (null when it did not apply). */
    subNistOutcome: text({ enum: SUB_NIST_OUTCOMES }),
    /** Last date the sub's NIST assessment counts (assessment date + 3 years): the re-check list reads it. */
    subNistValidThrough: text(),
    /** The subcontract's next milestone, when the prime gave one: the re-check list looks ahead to it. */
    lookAheadUntil: text(),
    asOf: text().notNull(),
    ...signedBy('decided'),
  },
  (t) => [
    uniqueIndex('flowdown_checks_seq_idx').on(t.seq),
    index('flowdown_checks_prime_idx').on(t.primeHlo, t.seq),
    index('flowdown_checks_sub_idx').on(t.primeHlo, t.primeContractNumber, t.subCage),
    check('flowdown_checks_information', oneOf('information', INFORMATION)),
    check('flowdown_checks_evidence_kind', sql`evidence_kind IS NULL OR ${oneOf('evidence_kind', EVIDENCE_KINDS)}`),
    check('flowdown_checks_as_of', dateCheck('as_of')),
  ],
);

export const flowdownCheckLinks = sqliteTable(
  'flowdown_check_links',
  {
    parentCheckId: keyOf(() => flowdownChecks.id),
    childCheckId: keyOf(() => flowdownChecks.id),
    /** The attestation that carried the shared check id. */
    attestationJti: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.parentCheckId, t.childCheckId] }), index('flowdown_check_links_child_idx').on(t.childCheckId)],
);

export type SigningKeyRow = typeof signingKeys.$inferSelect;
export type AttestationRow = typeof attestations.$inferSelect;
export type AttestationRevocationRow = typeof attestationRevocations.$inferSelect;
export type FlowdownCheckRow = typeof flowdownChecks.$inferSelect;
