/**
 * Rules §2: "today" and every date users read are dates in the deployment's zone (America/New_York).
 * A timestamp stored at 03:30 UTC on 24 November is 22:30 on 23 November in New York, so the pages
 * show 2026-11-23 for it, not the 2026-11-24 a cut of the UTC text would give.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { company, flowdownCheckBody, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from './page-helpers.js';
import { expectShows } from './expect-page.js';

const PASSWORD = 'dates-in-zone-password-1';
const EVENING_IN_NEW_YORK = new Date('2026-11-24T03:30:00Z');

let env: TestEnv | undefined;
afterEach(() => env?.close());

async function lateEvening() {
  env = await testEnv('2026-11-23', fixedClock('2026-11-23', EVENING_IN_NEW_YORK));
  expect((await env.api('POST', '/api/v1/import', { companies: [company('PA001'), company('PB001')] })).status).toBe(201);
  return env;
}

/** The table row that mentions `needle` shows the New York day of the instant, not the UTC one. */
function expectNewYorkDay(html: string, needle: string) {
  const row = html.split('<tr').find((r) => r.includes(needle)) ?? '';
  expectShows(row, ['2026-11-23'], ['2026-11-24']);
}

describe('dates of stored instants, in the rules\' time zone', () => {
  it('shows an account created late in the New York evening as created that day', async () => {
    const e = await lateEvening();
    await e.user('late@example.gov', 'CONTRACTING_OFFICER');
    await e.user('root@example.gov', 'ADMIN', undefined, PASSWORD);
    expectNewYorkDay(await (await (await signInAs(e, 'root@example.gov', PASSWORD)).get('/admin/users')).text(), 'late@example.gov');
  });

  it('shows a C3PAO the day of its engagement in the New York zone', async () => {
    const e = await lateEvening();
    await e.user('lead@c3pao.example', 'C3PAO', undefined, PASSWORD);
    expect((await e.api('POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' })).status).toBe(201);
    expectNewYorkDay(await (await (await signInAs(e, 'lead@c3pao.example', PASSWORD)).get('/assessor')).text(), 'PA001');
  });

  it('dates a recorded flowdown check by the New York day, in the register and the API', async () => {
    const e = await lateEvening();
    const prime = await e.user('prime@pa001.example', 'CONTRACTOR', 'PA001', PASSWORD);
    const evidence = { kind: 'SPRS_PRINTOUT', reference: 'printout', uids: ['PB01000001'], level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' };
    const body = flowdownCheckBody({ primeContractNumber: 'W91-LATE-0001', primeLevel: 'L2_SELF', subcontractor: { cage: 'PB001', name: 'Late sub' }, evidence });
    const recorded = await e.api('POST', '/api/v1/flowdown-checks', body, prime);
    expect(recorded.status).toBe(201);
    expect(recorded.json).toMatchObject({ decidedAt: '2026-11-24T03:30:00.000Z', decidedOn: '2026-11-23' });
    expectNewYorkDay(await (await (await signInAs(e, 'prime@pa001.example', PASSWORD)).get('/flowdown')).text(), 'W91-LATE-0001');
  });
});
