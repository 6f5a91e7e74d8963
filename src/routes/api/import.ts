import { Hono } from 'hono';
import { importRecords } from '../../services/import.js';
import { ImportInput } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

export const importApi = new Hono<AppEnv>().post('/', allow('ADMIN'), async (c) => {
  const input = await jsonBody(c, ImportInput);
  return c.json(await importRecords(c.var.ctx, actorOf(c), input), 201);
});
