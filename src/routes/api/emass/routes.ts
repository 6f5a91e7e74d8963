import { z } from 'zod';
import { RUN_OUTCOMES } from '../../../services/emass/runs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { pagingQuery } from '../schemas.js';

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

const RunsQuery = z.object(pagingQuery(20, 100, 'Runs'));

const admins = allow('emass.sync');

export const syncRoute = apiRoute({
  method: 'post', path: '/sync', operationId: 'syncEmass', tags: ['Administration'], summary: 'Run one eMASS sync now and answer when it has finished (administrator)',
  description:
    'One run at a time across instances: 409 while another run (scheduled or started here) is in progress. ' +
    'A run that failed is still answered 200, with `outcome` FAILED and its `error`. 503 while EMASS_URL is not set.',
  middleware: admins, errors: [...SIGNED_IN, 409, 503], ok: { 200: jsonAnswer(EmassRunSchema, 'The finished run') },
});

export const listRunsRoute = apiRoute({
  method: 'get', path: '/runs', operationId: 'listEmassRuns', tags: ['Administration'], summary: 'eMASS sync runs, newest first (administrator)',
  middleware: admins, query: RunsQuery, errors: [...SIGNED_IN],
  ok: { 200: jsonAnswer(z.object({ runs: z.array(EmassRunSchema), limit: z.number().int(), offset: z.number().int() }).meta({ id: 'EmassRunList' }), 'A page of runs') },
});

export const getRunRoute = apiRoute({
  method: 'get', path: '/runs/{id}', operationId: 'getEmassRun', tags: ['Administration'], summary: 'One eMASS sync run with every record it quarantined (administrator)',
  middleware: admins, params: z.object({ id: z.string().meta({ description: 'The run\'s id' }) }), errors: [...SIGNED_IN, 404], ok: { 200: jsonAnswer(EmassRunSchema, 'The run') },
});
