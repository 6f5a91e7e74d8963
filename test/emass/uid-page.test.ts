/**
 * The UID page (issue 9): where a record came from (eMASS, import, posting) and its eMASS feed
 * history with the days the runs saw each change; RECORD_WITHDRAWN among the verdict's reasons.
 */
import { describe, expect, it } from 'vitest';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { assessment, company } from '../helpers.js';
import { signInAs } from '../pages/page-helpers.js';
import { ownFeedEnv } from './feed-env.js';
import { expectPage, expectShows } from '../pages/expect-page.js';

describe('the UID page', () => {
  it('shows a record from the eMASS feed with its history: added, closeout seen, changed, withdrawn', async () => {
    const env = await ownFeedEnv('2026-11-23');
    env.fake.put(secondsOf('2026-06-01'), emassRecord({ status: 'Conditional Level 2 (C3PAO)', score: 95 }));
    await env.sync('2026-07-01');
    env.fake.put(secondsOf('2026-08-09'), emassRecord({ operation: 'UPDATED', status: 'Final Level 2 (C3PAO)', score: 110 }));
    await env.sync('2026-08-10');
    env.fake.put(secondsOf('2026-11-21'), emassRecord({ operation: 'DELETED', status: 'Final Level 2 (C3PAO)', score: 110 }));
    await env.sync('2026-11-22');

    await env.user('root@example.gov', 'ADMIN', undefined, 'admin password long');
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const res = await admin.get('/uids?uid=EM00000001');
    const html = await expectPage(res, 200, ['<dt>Came from</dt><dd>CMMC eMASS feed</dd>', '<h3>eMASS feed history</h3>', '<li>2026-07-01: Added by the eMASS feed, run 1</li>', '<li>2026-08-10: POA&amp;M closeout seen (Conditional → Final), run 2</li>', '<li>2026-08-10: Changed by the eMASS feed (score), run 2</li>', '<li>2026-11-22: Withdrawn by CMMC eMASS (DELETED), run 3</li>']);
    // The verdict's reason, labelled like the other ending reasons.
    const reasons = html.slice(0, html.indexOf('<h3>eMASS feed history</h3>'));
    expectShows(reasons, ['(RECORD_WITHDRAWN)', 'CMMC eMASS withdrew the record of EM00000001; AwardGate saw the withdrawal on 2026-11-22 and the status ended that day.']);
  });

  it('shows an imported record as such, with no feed history', async () => {
    const env = await ownFeedEnv('2026-11-23');
    const imported = await env.api('POST', '/api/v1/import', { companies: [company('1AB23')], assessments: [assessment('IM00000001', ['1AB23'])] });
    expect(imported.status).toBe(201);
    await env.user('root@example.gov', 'ADMIN', undefined, 'admin password long');
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const html = await (await admin.get('/uids?uid=IM00000001')).text();
    expectShows(html, ['<dt>Came from</dt><dd>Bulk import</dd>'], ['eMASS feed history']);
  });
});
