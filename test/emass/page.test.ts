/**
 * The administrator's "eMASS feed" page: settings in force without the key, Sync now (CSRF) with
 * its progress polled from the run row, the runs and the open quarantine; other roles refused.
 */
import { describe, expect, it } from 'vitest';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { ownEnv } from '../helpers.js';
import { signInAs, type Session } from '../pages/page-helpers.js';
import { ownFeedEnv, type FeedEnv } from './feed-env.js';
import { expectPage, expectShows } from '../pages/expect-page.js';

async function admin(e: Pick<FeedEnv, 'user' | 'app'> & Parameters<typeof signInAs>[0]): Promise<Session> {
  await e.user('root@example.gov', 'ADMIN', undefined, 'admin password long');
  return signInAs(e, 'root@example.gov', 'admin password long');
}

/** Polls the progress fragment as htmx would, until the run has ended. */
async function progressUntilDone(s: Session): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const html = await (await s.get('/admin/emass/progress', { 'hx-request': 'true' })).text();
    if (!html.includes('hx-trigger="every 1s"')) return html;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the run did not end');
}

describe('the eMASS feed page', () => {
  it('shows the settings in force but never the API key, and a link in the administrator navigation', async () => {
    const env = await ownFeedEnv();
    const s = await admin(env);
    const res = await s.get('/admin/emass');
    const html = await expectPage(res, 200, ['<h1>eMASS feed</h1>', env.settings.url, env.settings.userUid]);
    expect(html).toContain('Not configured'); // no client certificate in this environment
    expect(html).toContain('2026-01-01'); // EMASS_SINCE
    expectShows(html, ['href="/admin/emass"', 'No run yet'], [env.settings.apiKey]);
  });

  it('Sync now starts a run whose progress is polled until it ends; the run and its quarantined record are listed', async () => {
    const env = await ownFeedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord(), emassRecord({ uid: 'L20000003' }));
    env.fake.pace(1, 300);
    const s = await admin(env);
    const started = await s.post('/admin/emass/sync', {}, { 'hx-request': 'true' });
    await expectPage(started, 200, ['id="emass-progress"', 'Run 1 in progress', 'hx-get="/admin/emass/progress"']);

    const done = await progressUntilDone(s);
    expectShows(done, ['Last run 1: succeeded', '1 added, 0 updated, 0 withdrawn, 0 unchanged, 1 quarantined']);

    const page = await (await s.get('/admin/emass')).text();
    expectShows(page, ['Succeeded', 'L20000003']);
    expect(page).toMatch(/<td>ADDED<\/td>/);
  });

  it('refuses Sync now without the form token, and says the feed is not configured without EMASS_URL', async () => {
    const env = await ownFeedEnv();
    const s = await admin(env);
    const forged = await s.post('/admin/emass/sync', { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(env.fake.requests).toEqual([]);

    const plain = await ownEnv();
    const p = await admin(plain);
    const page = await (await p.get('/admin/emass')).text();
    expectShows(page, ['The feed is not configured'], ['action="/admin/emass/sync"']);
    const refused = await p.post('/admin/emass/sync', {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('EMASS_URL');
  });

  it('is refused to a contracting officer', async () => {
    const env = await ownFeedEnv();
    await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'officer password long');
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    expect((await officer.get('/admin/emass')).status).toBe(403);
    expect((await officer.post('/admin/emass/sync', {})).status).toBe(403);
  });
});
