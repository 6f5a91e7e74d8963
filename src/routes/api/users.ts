import { Hono } from 'hono';
import { UserInput } from '../../services/inputs.js';
import { createUser } from '../../services/users.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

export const usersApi = new Hono<AppEnv>().post('/', allow('ADMIN'), async (c) => {
  const input = await jsonBody(c, UserInput);
  return c.json(await createUser(c.var.ctx, actorOf(c), input), 201);
});
