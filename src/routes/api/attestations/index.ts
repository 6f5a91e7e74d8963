import { listIssuedAttestations, revokeAttestation } from '../../../services/attestation-register.js';
import { verifyAttestation } from '../../../services/attestation-verification.js';
import { issueAttestation } from '../../../services/attestations.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { issueAttestationRoute, listAttestationsRoute, revokeAttestationRoute, verifyAttestationRoute } from './routes.js';

/** Signed status attestations (api.md): a contractor issues for its own UIDs, lists and revokes them; anyone signed in verifies. */
export const attestationsApi = apiRouter()
  .openapi(issueAttestationRoute, async (c) => {
    const issued = await issueAttestation(c.var.ctx, actorOf(c), c.req.valid('json'), { baseUrl: c.var.publicUrl });
    return c.json(issued, 201);
  })
  .openapi(verifyAttestationRoute, async (c) => {
    const input = c.req.valid('json');
    return c.json(await verifyAttestation(c.var.ctx, input.token, input.asOf ?? null), 200);
  })
  .openapi(listAttestationsRoute, async (c) => c.json({ items: await listIssuedAttestations(c.var.ctx, actorOf(c)) }, 200))
  .openapi(revokeAttestationRoute, async (c) => c.json(await revokeAttestation(c.var.ctx, actorOf(c), c.req.valid('param').jti, c.req.valid('json')), 200));
