import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AttestationInput, AttestationVerifyInput } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { JSON_BODY, jsonAnswer, jsonBody, problems, SIGNED_IN } from '../openapi.js';
import { information, instant, isoDate, level, orNull, Reason, StatusFacts } from '../schemas.js';

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
  })
  .meta({ id: 'AttestationClaims' });

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
  })
  .meta({ id: 'AttestationVerification' });

export const issueAttestationRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'issueAttestation',
  tags: ['Attestations'],
  summary: 'Issue a signed status attestation over your company\'s UIDs (contractor)',
  description: 'Only the company\'s own UIDs: another company\'s UID answers 404.',
  middleware: allow('CONTRACTOR'),
  request: { body: jsonBody(AttestationInput) },
  responses: { 201: jsonAnswer(Issued, 'The token, its claims and a shareable link'), ...problems(...SIGNED_IN, 404, ...JSON_BODY) },
});

export const verifyAttestationRoute = createRoute({
  method: 'post',
  path: '/verify',
  operationId: 'verifyAttestation',
  tags: ['Attestations'],
  summary: 'Verify an attestation token: signature, claims, expiry and key (anyone signed in)',
  description: 'A bad signature, altered claims or expiry answer `valid: false` with the reason.',
  request: { body: jsonBody(AttestationVerifyInput) },
  responses: { 200: jsonAnswer(Verification, 'Whether the token verifies, and why not'), ...problems(401, ...JSON_BODY) },
});
