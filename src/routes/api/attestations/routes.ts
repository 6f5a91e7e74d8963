import { z } from 'zod';
import { AttestationInput, AttestationRevokeInput, AttestationVerifyInput } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { information, instant, isoDate, level, orNull, Reason, StatusFacts, statusType, SubNistAssessment } from '../schemas.js';

const Claims = z
  .object({
    iss: z.string(),
    sub: z.string().meta({ description: 'The company\'s HLO CAGE' }),
    aud: z.string().optional().meta({ description: 'The prime\'s CAGE, when the attestation is addressed to one' }),
    iat: z.number().int(),
    exp: z.number().int(),
    jti: z.string(),
    issuedOn: isoDate,
    validThrough: isoDate,
    company: z.object({ name: z.string(), hloCage: z.string(), cages: z.array(z.string()) }),
    uids: z.array(
      StatusFacts.extend({
        cages: z.array(z.string()),
        current: z.boolean(),
        reasons: z.array(z.string()).meta({ description: 'Codes of what ended the status or stops it being current on the issue date' }),
      }),
    ),
    flowdownChecks: z
      .array(
        z.object({
          id: z.string(),
          primeContractNumber: z.string(),
          subcontractor: z.object({ cage: z.string(), name: z.string() }),
          information,
          subMinimumLevel: level.nullable(),
          mayAward: z.boolean(),
          verified: z.boolean(),
          asOf: isoDate,
        }),
      )
      .meta({ description: 'The company\'s own flowdown checks it shares with the prime (the multi-tier tree)' }),
    nist: orNull(SubNistAssessment)
      .optional()
      .meta({
        description:
          "The company's latest NIST SP 800-171 DoD Assessment covering its CAGE codes on the issue date (null: none posted), for the NIST test of rules §7; absent from tokens issued before the claim existed",
      }),
  })
  .meta({ id: 'AttestationClaims' });

const LiveUid = z.object({
  uid: z.string(),
  held: z.boolean().meta({ description: "False when the issuer's records of the UID are not held here (then only the signed claims speak)" }),
  level: level.nullable(),
  type: statusType.nullable(),
  statusDate: isoDate.nullable(),
  current: z.boolean(),
  currentThrough: isoDate.nullable(),
  latestAffirmationDate: isoDate.nullable(),
  reasons: z.array(Reason).meta({ description: 'What ended the status or stops it being current on the verification date (rules §3)' }),
  changedSinceIssue: z.boolean().meta({ description: 'The live status differs from the signed claims' }),
});

const Issued = z
  .object({
    token: z.string().meta({ description: 'Compact JWS (EdDSA); keys at /.well-known/jwks.json' }),
    claims: Claims,
    jti: z.string(),
    kid: z.string(),
    validThrough: isoDate,
    expiresAt: instant,
    link: z.string().meta({ description: 'Shareable link to the verify page' }),
  })
  .meta({ id: 'IssuedAttestation' });

const Verification = z
  .object({
    valid: z.boolean(),
    claims: orNull(Claims).meta({ description: 'The signed claims when the signature holds (also when expired)' }),
    reasons: z.array(Reason),
    unverifiedClaims: z.record(z.string(), z.unknown()).nullable().optional().meta({ description: 'What an unverifiable token says, for display only: never evidence' }),
    kid: z.string().nullable().optional(),
    revocation: z
      .object({ revokedOn: isoDate, reason: z.string() })
      .nullable()
      .optional()
      .meta({ description: 'The issuer\'s revocation in force on the verification date (then `valid` is false)' }),
    live: z
      .object({ asOf: isoDate, uids: z.array(LiveUid) })
      .nullable()
      .optional()
      .meta({ description: "For a valid token: the issuer's live status of each attested UID on the verification date, next to the signed claims (which say what held on the issue date)" }),
    shareId: z.string().nullable().optional().meta({ description: 'Share id of the token\'s shareable link, when issued here with one' }),
  })
  .meta({ id: 'AttestationVerification' });

const IssuedSummary = z
  .object({
    jti: z.string(),
    issuedOn: isoDate,
    validThrough: isoDate,
    audience: z.string().nullable().meta({ description: 'The prime\'s CAGE, when addressed to one' }),
    uids: z.array(z.string()),
    sharedCheckIds: z.array(z.string()),
    issuedBy: z.string(),
    state: z.enum(['VALID', 'EXPIRED', 'REVOKED']),
    revocation: z.object({ revokedOn: isoDate, revokedBy: z.string(), reason: z.string() }).nullable(),
    shareId: z.string().nullable().meta({ description: 'Share id of the shareable link /attestations/shared/{shareId} (null for attestations issued before links held the token)' }),
  })
  .meta({ id: 'IssuedAttestationSummary' });

export const issueAttestationRoute = apiRoute({
  method: 'post', path: '/', operationId: 'issueAttestation', tags: ['Attestations'], summary: 'Issue a signed status attestation over your company\'s UIDs (contractor)',
  description: 'Only the company\'s own UIDs: another company\'s UID answers 404.',
  middleware: allow('attestations.issue'), body: AttestationInput, errors: [...SIGNED_IN, 404], ok: { 201: jsonAnswer(Issued, 'The token, its claims and a shareable link') },
});

export const verifyAttestationRoute = apiRoute({
  method: 'post', path: '/verify', operationId: 'verifyAttestation', tags: ['Attestations'], summary: 'Verify an attestation token: signature, claims, expiry and key (anyone signed in)',
  description:
    'A bad signature, altered claims, expiry or a revocation by the issuer answer `valid: false` with the reason. A valid token comes with the issuer\'s live status of each UID (`live`). ' +
    '`asOf` before the token\'s issue date → 422.',
  body: AttestationVerifyInput, errors: [401], ok: { 200: jsonAnswer(Verification, 'Whether the token verifies, and why not') },
});

export const listAttestationsRoute = apiRoute({
  method: 'get', path: '/', operationId: 'listIssuedAttestations', tags: ['Attestations'], summary: 'The attestations your company issued, newest first (contractor)',
  middleware: allow('attestations.issue'), errors: [...SIGNED_IN],
  ok: { 200: jsonAnswer(z.object({ items: z.array(IssuedSummary) }).meta({ id: 'IssuedAttestationList' }), 'What was issued, to whom, until when, and its state') },
});

export const revokeAttestationRoute = apiRoute({
  method: 'post', path: '/{jti}/revoke', operationId: 'revokeAttestation', tags: ['Attestations'], summary: 'Revoke an attestation your company issued (contractor; permanent)',
  description: 'From today the token verifies `valid: false` (ATTESTATION_REVOKED) and no flowdown check accepts it. Once only: a second revocation → 409; another company\'s attestation → 404.',
  middleware: allow('attestations.revoke'), errors: [...SIGNED_IN, 404, 409],
  params: z.object({ jti: z.string().max(64).meta({ description: 'The attestation\'s `jti`' }) }), body: AttestationRevokeInput, ok: { 200: jsonAnswer(IssuedSummary, 'The attestation, now revoked') },
});
