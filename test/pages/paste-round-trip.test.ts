/**
 * Copy → paste round-trip (issue 10; DFARS 252.204-7025(d)): the contractor's "Copy into your offer"
 * text pasted into the officer's paste box yields exactly the contractor's UIDs; the box picks out
 * 10-character A–Z/0–9 tokens, ignores every other word, and previews the count before saving.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affirmation, company, testEnv, type TestEnv } from '../helpers.js';
import { countRows } from './contractor-fixtures.js';
import { createSolicitation } from './officer-fixtures.js';
import { signInAs, type Session } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

const PASSWORD = 'correct horse battery';
let env: TestEnv;
let officer: Session;
let acme: Session;

beforeEach(async () => {
  env = await testEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('1AB23')],
    assessments: [
      { uid: 'GOOD1AAAA1', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-06-01')] },
      { uid: 'SELF1AAAA2', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-09-01', cages: ['1AB23'], scope: 'Enclave', score: 110, affirmations: [affirmation('2026-09-01')] },
    ],
  });
  expect(imp.status).toBe(201);
  await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, PASSWORD);
  await env.user('acme@example.com', 'CONTRACTOR', '1AB23', PASSWORD);
  officer = await signInAs(env, 'officer@example.gov', PASSWORD);
  acme = await signInAs(env, 'acme@example.com', PASSWORD);
}, 60_000);
afterEach(() => env.close());

/** The text of the read-only "Copy into your offer" box, as a browser would copy it. */
const copied = (html: string) =>
  /<textarea id="offer-uids-text"[^>]*>([\s\S]*?)<\/textarea>/
    .exec(html)![1]
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the officer paste box', () => {
  it("takes the contractor's copied text as is: both UIDs, the words ignored", async () => {
    const text = copied(await (await acme.get('/company/uids')).text());
    expect(text).toContain('GOOD1AAAA1 (');
    const sol = await createSolicitation(officer);
    const preview = await officer.post(`/officer/solicitations/${sol}/offers`, { offerorName: 'Acme', cage: '1AB23', uei: '1AB23UEI0000', uids: text, preview: '1' });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toMatch(/2 UIDs found, \d+ ignored words/);
    expect(await countRows(env, 'offers')).toBe(0);
    const saved = await officer.post(`/officer/solicitations/${sol}/offers`, { offerorName: 'Acme', cage: '1AB23', uei: '1AB23UEI0000', uids: text });
    expect(saved.status).toBe(303);
    const id = /\/officer\/offers\/(\d+)/.exec(saved.headers.get('location')!)![1];
    const offer = await (await officer.get(`/officer/offers/${id}`)).text();
    expectShows(offer, ['GOOD1AAAA1', 'SELF1AAAA2']);
    const rows = (await env.database.client.execute('SELECT uid FROM offer_uids ORDER BY position')).rows;
    expect(rows.map((r) => r.uid).sort()).toEqual(['GOOD1AAAA1', 'SELF1AAAA2']);
  });

  it('previews "3 UIDs found, 3 ignored words" as htmx asks, upper-casing and dropping repeats', async () => {
    const res = await officer.post('/officer/uids/preview', { uids: 'good1aaaa1, SELF1AAAA2 and ZZZZ9ZZZZ9 (Final) good1aaaa1 2027' });
    await expectPage(res, 200, ['3 UIDs found, 3 ignored words', 'Ignored: and, Final, 2027']);
  });
});
