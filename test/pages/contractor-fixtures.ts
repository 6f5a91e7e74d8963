/** Shared set-up for the contractor and assessor page tests: companies, accounts and answer forms. */
import { expect } from 'vitest';
import type { Level, RequirementResult } from '../../src/domain/levels.js';
import { requirementsFor } from '../../src/domain/requirements.js';
import { company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs, type Session } from './page-helpers.js';

export const PASSWORD = 'correct horse battery';

/** Level 2 requirements read straight from the CSV columns the tests rely on. */
export const L2 = requirementsFor('L2_SELF');
export const onePointPoam = L2.filter((r) => r.poamAllowed === 'yes' && r.points === 1).map((r) => r.id);
export const ssp = L2.find((r) => r.nistIds[0] === '3.12.4')!.id;
export const noPartial = L2.find((r) => r.partialPoints === null)!.id;

/** `results.<id>` form fields: every requirement of the level MET, then the overrides. */
export function answersForm(level: Level, overrides: Record<string, RequirementResult | ''> = {}, omit: string[] = []): Record<string, string> {
  const f: Record<string, string> = {};
  for (const r of requirementsFor(level)) if (!omit.includes(r.id)) f[`results.${r.id}`] = 'MET';
  for (const [k, v] of Object.entries(overrides)) f[`results.${k}`] = v;
  return f;
}

export interface World {
  env: TestEnv;
  acme: Session;
  other: Session;
  /** API tokens of the two contractors. */
  tokens: { acme: string; other: string };
}

/** Acme (1AB23, with sub-CAGE 1AB24) and another company (2CD34), one contractor each. */
export async function contractorWorld(today?: string): Promise<World> {
  const env = await testEnv(today);
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('1AB23', '1AB23', { name: 'Acme Machining LLC' }), company('1AB24', '1AB23', { name: 'Acme West' }), company('2CD34', '2CD34', { name: 'Other Corp' })],
  });
  expect(imp.status).toBe(201);
  const tokens = { acme: await env.user('acme@example.com', 'CONTRACTOR', '1AB23', PASSWORD), other: await env.user('other@example.com', 'CONTRACTOR', '2CD34', PASSWORD) };
  return { env, tokens, acme: await signInAs(env, 'acme@example.com', PASSWORD), other: await signInAs(env, 'other@example.com', PASSWORD) };
}

export const countRows = async (env: TestEnv, table: string): Promise<number> =>
  Number((await env.database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

/** The UID a 303 after a posting points at. */
export const uidFromLocation = (res: Response): string => /\/company\/uids\/([A-Z0-9]{10})/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
