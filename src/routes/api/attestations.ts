import { Hono } from 'hono';
import { verifyAttestation } from '../../services/attestation-verification.js';
import { issueAttestation } from '../../services/attestations.js';
import { AttestationInput, AttestationVerifyInput } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

/** Signed status attestations (api.md): a contractor issues for its own UIDs; anyone signed in verifies. */
export const attestationsApi = new Hono<AppEnv>()
  .post('/', allow('CONTRACTOR'), async (c) => {
    const input = await jsonBody(c, AttestationInput);
    const issued = await issueAttestation(c.var.ctx, actorOf(c), input, { baseUrl: new URL(c.req.url).origin });
    return c.json(issued, 201);
  })
  .post('/verify', async (c) => {
    const input = await jsonBody(c, AttestationVerifyInput);
    return c.json(await verifyAttestation(c.var.ctx, input.token, input.asOf ?? null));
  });
