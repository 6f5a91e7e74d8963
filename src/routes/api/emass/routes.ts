import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RUN_OUTCOMES } from '../../../services/emass/runs.js';
import { allow } from '../auth.js';
import { jsonAnswer, problems, SIGNED_IN } from '../openapi.js';

const count = z.number().int().min(0);

/** A run as api.md "The eMASS feed" shows it (src/services/emass/runs.ts EmassRun). */
export const EmassRunSchema = z
  .object({
    id: z.number().int(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    sinceDate: z.iso.datetime().meta({ description: 'The start of the window eMASS was asked for (its `sinceDate`)' }),
    outcome: z.enum(RUN_OUTCOMES).meta({ description: 'RUNNING while the run is in progress' }),
    counts: z.object({ added: count, updated: count, withdrawn: count, unchanged: count, quarantined: count }),
    quarantined: z.array(z.object({ cmmcUid: z.string().nullable(), operation: z.string().nullable(), reason: z.string() })),
    warnings: z.array(z.string()),
    error: z.string().nullable(),
  })
  .meta({ id: 'EmassRun' });

/** Whole, finite numbers only, as the other paged lists read them. */
const wholeOr = (v: string | undefined, fallback: number) => (Number.isFinite(Number(v)) ? Math.trunc(Number(v)) : fallback);

const RunsQuery = z.object({
  limit: z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(wholeOr(v, 20) || 20, 1), 100))
    .meta({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size; 0 or a value that is not a number means 20, others are clamped into the range' }),
  offset: z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(wholeOr(v, 0), 0), Number.MAX_SAFE_INTEGER))
    .meta({ type: 'integer', minimum: 0, default: 0, description: 'Runs to skip; clamped at 0' }),
});

const admins = allow('emass.sync');

export const syncRoute = createRoute({
  method: 'post',
  path: '/sync',
  operationId: 'syncEmass',
  tags: ['Administration'],
  summary: 'Run one eMASS sync now and answer when it has finished (administrator)',
  description:
    'One run at a time across instances: 409 while another run (scheduled or started here) is in progress. ' +
    'A run that failed is still answered 200, with `outcome` FAILED and its `error`. 503 while EMASS_URL is not set.',
  middleware: admins,
  responses: { 200: jsonAnswer(EmassRunSchema, 'The finished run'), ...problems(...SIGNED_IN, 409, 503) },
});

export const listRunsRoute = createRoute({
  method: 'get',
  path: '/runs',
  operationId: 'listEmassRuns',
  tags: ['Administration'],
  summary: 'eMASS sync runs, newest first (administrator)',
  middleware: admins,
  request: { query: RunsQuery },
  responses: {
    200: jsonAnswer(z.object({ runs: z.array(EmassRunSchema), limit: z.number().int(), offset: z.number().int() }).meta({ id: 'EmassRunList' }), 'A page of runs'),
    ...problems(...SIGNED_IN, 422),
  },
});

export const getRunRoute = createRoute({
  method: 'get',
  path: '/runs/{id}',
  operationId: 'getEmassRun',
  tags: ['Administration'],
  summary: 'One eMASS sync run with every record it quarantined (administrator)',
  middleware: admins,
  request: { params: z.object({ id: z.string().meta({ description: 'The run\'s id' }) }) },
  responses: { 200: jsonAnswer(EmassRunSchema, 'The run'), ...problems(...SIGNED_IN, 404, 422) },
});
