import { z } from 'zod';
import { FlowdownCheckInput, FlowdownRecheckQuery } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { FlowdownCheck, information, instant, isoDate, level } from '../schemas.js';

const readers = allow('flowdown.read');

const Filter = z.object({
  primeContractNumber: z.string().optional().meta({ description: 'Only checks made for this prime contract' }),
  subCage: z.string().optional().meta({ description: 'Only checks of this subcontractor CAGE' }),
});
/** The list, the register and the tree read the same checks, filtered the same way. */
const filteredReads = { middleware: readers, query: Filter, errors: [...SIGNED_IN] };

interface TreeNode {
  check: z.infer<typeof FlowdownCheck>;
  tier: number;
  sharedVia: string | null;
  children: TreeNode[];
}
const FlowdownTreeNode: z.ZodType<TreeNode> = z
  .object({
    check: FlowdownCheck,
    tier: z.number().int().min(1).meta({ description: '1 for the caller\'s own checks, 2 for checks its subs shared, and so on' }),
    sharedVia: z.string().nullable().meta({ description: 'The attestation (jti) through which the check was shared; null for the caller\'s own' }),
    get children() {
      return z.array(FlowdownTreeNode);
    },
  })
  .meta({ id: 'FlowdownTreeNode' });

const RecheckRow = z.object({
  checkId: z.string(),
  primeContractNumber: z.string(),
  subcontractor: z.object({ cage: z.string(), name: z.string() }),
  information,
  subMinimumLevel: level.nullable(),
  evidenceKind: z.enum(['ATTESTATION', 'SPRS_PRINTOUT', 'CERTIFICATE', 'OTHER']).nullable(),
  verified: z.boolean(),
  evidenceCurrentThrough: isoDate.nullable().meta({ description: 'Earliest currentThrough of the CMMC evidence (null when the check relied on no UID)' }),
  subNistValidThrough: isoDate.nullable().meta({ description: "Last date the sub's NIST SP 800-171 assessment counts (null when the NIST test did not apply)" }),
  lookAheadUntil: isoDate.nullable().meta({ description: "The subcontract's next milestone, when the check recorded one" }),
  lapses: z.array(z.enum(['CMMC_STATUS', 'NIST_ASSESSMENT'])).meta({ description: 'What lapses before the horizon or the next milestone, soonest first' }),
  lapsesAfter: isoDate.meta({ description: 'The last day everything the award rested on still holds' }),
  daysLeft: z.number().int().meta({ description: 'Days from today to `lapsesAfter` (negative once lapsed)' }),
  lapsed: z.boolean(),
  asOf: isoDate,
  decidedAt: instant,
});

export const recordFlowdownCheckRoute = apiRoute({
  method: 'post', path: '/', operationId: 'recordFlowdownCheck', tags: ['Flowdown checks'], summary: 'Record a flowdown check on a subcontractor (contractor acting as prime; immutable)',
  description:
    'With an attestation the facts come from its verified claims (a token that fails to verify, is revoked, is addressed to another prime or does not cover the sub → 422), ' +
    'and, for each UID the subcontract uses (`uids`; all attested UIDs by default, the rest recorded as not relied on), from the issuer\'s live status on the decision date; ' +
    'with typed evidence from what the prime typed, recorded as unverified. `cotsOnly` → no minimum level and no NIST test; `nist7012` adds the sub\'s NIST SP 800-171 test (rules §7).',
  middleware: allow('flowdown.record'), body: FlowdownCheckInput, errors: [...SIGNED_IN, 404], ok: { 201: jsonAnswer(FlowdownCheck, 'The recorded check') },
});

export const listFlowdownChecksRoute = apiRoute({
  method: 'get', path: '/', operationId: 'listFlowdownChecks', tags: ['Flowdown checks'], summary: 'Your company\'s flowdown checks, newest first',
  ...filteredReads, ok: { 200: jsonAnswer(z.object({ items: z.array(FlowdownCheck) }).meta({ id: 'FlowdownCheckList' }), 'The checks') },
});

export const flowdownRegisterRoute = apiRoute({
  method: 'get', path: '/register.csv', operationId: 'flowdownRegisterCsv', tags: ['Flowdown checks'], summary: 'Your company\'s flowdown register as CSV, oldest first',
  ...filteredReads,
  ok: {
    200: {
      description: 'CSV with a header row, one row per recorded check',
      headers: z.object({ 'Content-Disposition': z.string().meta({ examples: ['attachment; filename="flowdown-register.csv"'] }) }),
      content: { 'text/csv': { schema: z.string() } },
    },
  },
});

export const flowdownTreeRoute = apiRoute({
  method: 'get', path: '/tree', operationId: 'flowdownTree', tags: ['Flowdown checks'], summary: 'Your checks with the checks your subs shared through their attestations, across tiers',
  ...filteredReads, ok: { 200: jsonAnswer(z.object({ roots: z.array(FlowdownTreeNode) }).meta({ id: 'FlowdownTree' }), 'The tree of checks') },
});

export const flowdownRecheckRoute = apiRoute({
  method: 'get', path: '/recheck', operationId: 'flowdownRecheck', tags: ['Flowdown checks'], summary: 'Subcontractors whose CMMC evidence or NIST SP 800-171 assessment lapses within `days` (default 60) or before the next milestone',
  middleware: readers, query: FlowdownRecheckQuery, errors: [...SIGNED_IN],
  ok: { 200: jsonAnswer(z.object({ asOf: isoDate, days: z.number().int(), items: z.array(RecheckRow) }).meta({ id: 'FlowdownRecheck' }), 'The subs to re-check') },
});

export const getFlowdownCheckRoute = apiRoute({
  method: 'get', path: '/{id}', operationId: 'getFlowdownCheck', tags: ['Flowdown checks'], summary: 'One flowdown check: yours, or one shared in your tree',
  middleware: readers, params: z.object({ id: z.string().meta({ description: 'The check\'s `id`' }) }), errors: [...SIGNED_IN, 404], ok: { 200: jsonAnswer(FlowdownCheck, 'The check') },
});
