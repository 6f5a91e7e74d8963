import { Hono } from 'hono';
import { decideApplicability } from '../../domain/applicability.js';
import { subMinimumLevel } from '../../domain/flowdown.js';
import { ApplicabilityInputSchema, FlowdownLevelInput } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { jsonBody } from './problem.js';

/** Pure rule helpers any signed-in user may call: clause applicability and the flowdown minimum. */
export const applicabilityApi = new Hono<AppEnv>().post('/', async (c) => {
  const i = await jsonBody(c, ApplicabilityInputSchema);
  return c.json(decideApplicability({ ...i, programOfficeLevel: i.programOfficeLevel ?? null }));
});

export const flowdownLevelApi = new Hono<AppEnv>().post('/', async (c) => {
  const i = await jsonBody(c, FlowdownLevelInput);
  return c.json(subMinimumLevel(i.primeLevel, i.information));
});
