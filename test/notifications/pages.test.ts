/**
 * The reminder pages (issue 11): the inbox with the header's unread count, the preferences page with
 * the calendar feed address, and the administrators' outbox with "Resend" and "Run today's pass
 * now". Every form is a plain post (no JavaScript) answered with a redirect or the page itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema.js';
import { getPreferences } from '../../src/services/notifications/preferences.js';
import { actorForApiToken } from '../../src/services/users.js';
import { closeAll, settingsFor } from './fixtures.js';
import { ADMIN, AL, ANN, BEA, inboxLinkText, OFFICER, readText, routeEnv, rowsIn, type RouteEnv } from './route-fixtures.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { expectShows } from '../pages/expect-page.js';

let t: RouteEnv | null = null;
let smtp: TestSmtp | null = null;
afterEach(async () => {
  await closeAll(t, smtp);
  t = smtp = null;
});

/** The reminders' titles in the order the inbox lists them. */
const titles = (html: string) => [...html.matchAll(/<th scope="row"><a href="([^"]+)" class="usa-link">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2].replace(/&amp;/g, '&')}`);
const runPass = async (env: RouteEnv) => expect((await env.api('POST', '/api/v1/notifications/run')).status).toBe(200);

describe('the inbox', () => {
  it('lists only the signed-in user\'s reminders, unread first, each linking to the page where the user acts', async () => {
    t = await routeEnv({ signsIn: [ANN, BEA] });
    await runPass(t);
    const ann = await t.signIn(ANN);
    const res = await ann.get('/inbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(titles(html)).toEqual([
      '/company/affirmations Affirmation overdue: UID OVRA000001 (Company 1AAA1) is not current',
      '/company/affirmations Affirmation due in 30 days: UID DUEA000001 (Company 1AAA1)',
    ]);
    expect(html).not.toContain('DUEB000001');
    const bea = await t.signIn(BEA);
    const beaHtml = await (await bea.get('/inbox')).text();
    expect(titles(beaHtml)).toEqual(['/company/affirmations Affirmation due in 7 days: UID DUEB000001 (Company 2BBB1)']);
    expect(beaHtml).not.toContain('OVRA000001');
  });

  it('shows the unread count in the header of every page, named "Inbox, n unread", and marks one or all as read (post/redirect/get)', async () => {
    t = await routeEnv({ signsIn: [ANN, OFFICER] });
    const ann = await t.signIn(ANN);
    expect(inboxLinkText(await (await ann.get('/company/affirmations')).text())).toBe('Inbox');
    await runPass(t);
    expect(inboxLinkText(await (await ann.get('/company/affirmations')).text())).toBe('Inbox, 2 unread');
    expect(inboxLinkText(await (await ann.get('/preferences')).text())).toBe('Inbox, 2 unread');
    // The officer has no reminders: the link is there, with no count.
    const officer = await t.signIn(OFFICER);
    expect(inboxLinkText(await (await officer.get('/officer/watch')).text())).toBe('Inbox');

    const mine = (await t.database.client.execute({ sql: "SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ? ORDER BY n.id", args: [ANN] })).rows.map((r) => Number(r.id));
    expect(mine).toHaveLength(2);
    const one = await ann.post('/inbox/read', { read: String(mine[0]), order: 'newest', page: '1' });
    expect(one.status).toBe(303);
    expect(one.headers.get('location')).toBe('/inbox?order=newest&done=read');
    const after = await (await ann.get('/inbox?order=newest&done=read')).text();
    expect(inboxLinkText(after)).toBe('Inbox, 1 unread');
    expect(readText(after)).toContain('Marked as read.');

    const allRead = await ann.post('/inbox/read', { read: 'all', order: 'unread-first', page: '1' });
    expect(allRead.headers.get('location')).toBe('/inbox?order=unread-first&done=read-all');
    expect(inboxLinkText(await (await ann.get('/inbox')).text())).toBe('Inbox');
  });

  it("ignores another user's reminder: Bea marking Ann's as read changes nothing", async () => {
    t = await routeEnv({ signsIn: [ANN, BEA] });
    await runPass(t);
    const annIds = (await t.database.client.execute({ sql: 'SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ?', args: [ANN] })).rows.map((r) => String(r.id));
    const bea = await t.signIn(BEA);
    expect((await bea.post('/inbox/read', { read: annIds[0], order: 'newest', page: '1' })).status).toBe(303);
    expect((await bea.post('/inbox/read', { read: 'all', order: 'newest', page: '1' })).status).toBe(303);
    const ann = await t.signIn(ANN);
    expect(inboxLinkText(await (await ann.get('/inbox')).text())).toBe('Inbox, 2 unread');
  });

  it('orders newest first or unread first, and pages by 25', async () => {
    t = await routeEnv({ signsIn: [AL] });
    const al = (await actorForApiToken(t.database.db, t.tokens.al))!;
    // 27 reminders of earlier days for Al, the oldest read: enough for a second page.
    await t.database.db.insert(notifications).values(
      Array.from({ length: 27 }, (_, i) => ({
        kind: 'AFFIRMATION_OVERDUE' as const,
        subject: 'OVRA000001',
        deadline: '2026-11-15',
        daysBefore: -1 - i,
        recipientKey: `u:${al.id}`,
        userId: al.id,
        companyHlo: '1AAA1',
        createdOn: `2026-11-${String(i + 1).padStart(2, '0')}`,
        createdAt: `2026-11-${String(i + 1).padStart(2, '0')}T11:00:00.000Z`,
        readAt: i === 0 ? '2026-11-02T12:00:00.000Z' : null,
      })),
    );
    const s = await t.signIn(AL);
    const dates = (html: string) => [...html.matchAll(/<td class="ag-nowrap">(2026-11-\d\d)<\/td>\s*<td>/g)].map((m) => m[1]);
    const newest = await (await s.get('/inbox?order=newest')).text();
    expect(dates(newest)).toHaveLength(25);
    expect(dates(newest)[0]).toBe('2026-11-27');
    expect(readText(newest)).toContain('Page 1 of 2 · 27 in all');
    const second = await (await s.get('/inbox?order=newest&page=2')).text();
    expect(dates(second)).toEqual(['2026-11-02', '2026-11-01']);
    // Unread first: the read one (2026-11-01) is last, after the unread 2026-11-02.
    const unreadFirst = await (await s.get('/inbox?order=unread-first&page=2')).text();
    expect(dates(unreadFirst)).toEqual(['2026-11-02', '2026-11-01']);
    expect(unreadFirst.indexOf('2026-11-01')).toBeGreaterThan(unreadFirst.indexOf('>Read<'));
  });

  it('sends a visitor who is not signed in to sign in', async () => {
    t = await routeEnv();
    const res = await t.app.request('/inbox');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Finbox');
  });
});

describe('the preferences page', () => {
  it('shows every kind, the two that end a status ticked and locked with why, and saves the others and the address', async () => {
    t = await routeEnv({ signsIn: [ANN] });
    const ann = await t.signIn(ANN);
    const html = await (await ann.get('/preferences')).text();
    const boxes = [...html.matchAll(/<input class="usa-checkbox__input" id="f-kinds-(\w+)" type="checkbox"( name="kinds")? value="\w+"( checked="")?( disabled="")?/g)].map((m) => `${m[1]}${m[2] ? ' switchable' : ''}${m[3] ? ' on' : ''}${m[4] ? ' locked' : ''}`);
    expect(boxes).toEqual([
      'AFFIRMATION_DUE switchable on',
      'AFFIRMATION_OVERDUE on locked',
      'POAM_CLOSEOUT_DUE on locked',
      'STATUS_EXPIRING switchable on',
      'OPTION_AT_RISK switchable on',
      'FLOWDOWN_RECHECK switchable on',
      'SIGN_IN_LOCKED on locked',
    ]);
    const text = readText(html);
    expectShows(text, ['60, 30 and 7 days before the latest affirmation of a current UID of your company turns one year.', 'Always on: without a successful closeout by day 180, the Conditional status ends (32 CFR 170.21(b)).', 'Always on: it tells you that someone kept trying your password and sign-in paused.']);

    const saved = await ann.post('/preferences', { kinds: ['OPTION_AT_RISK', 'FLOWDOWN_RECHECK'], email: ' Compliance@A.example ' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/preferences?done=saved');
    const actor = (await actorForApiToken(t.database.db, t.tokens.ann))!;
    const prefs = await getPreferences({ database: t.database, clock: t.clock }, actor);
    expect(prefs.email).toBe('compliance@a.example');
    expect(prefs.kinds.filter((k) => !k.enabled).map((k) => k.kind)).toEqual(['AFFIRMATION_DUE', 'STATUS_EXPIRING']);
    const again = await (await ann.get('/preferences?done=saved')).text();
    expect(readText(again)).toContain('Your reminder preferences are saved.');
    expect(again).toContain('value="compliance@a.example"');
  });

  it('sends no switched-off kind: the pass skips AFFIRMATION_DUE for Ann but not the overdue one', async () => {
    t = await routeEnv({ signsIn: [ANN] });
    const ann = await t.signIn(ANN);
    await ann.post('/preferences', { kinds: ['STATUS_EXPIRING', 'OPTION_AT_RISK', 'FLOWDOWN_RECHECK'], email: '' });
    await runPass(t);
    expect(titles(await (await ann.get('/inbox')).text())).toEqual(['/company/affirmations Affirmation overdue: UID OVRA000001 (Company 1AAA1) is not current']);
  });

  it('gives the form back with the message and what was typed when the address is not one (422), saving nothing', async () => {
    t = await routeEnv({ signsIn: [ANN] });
    const ann = await t.signIn(ANN);
    const res = await ann.post('/preferences', { kinds: ['AFFIRMATION_DUE'], email: 'not an address' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(readText(html)).toContain('Reminder e-mail must be an e-mail address');
    expect(html).toContain('value="not an address"');
    expect(await rowsIn(t, 'notification_preferences')).toBe(0);
  });

  it('makes the calendar feed address once, shows it with a copy button, and replaces it only after the confirmation', async () => {
    t = await routeEnv({ signsIn: [ANN] });
    const ann = await t.signIn(ANN);
    expect(readText(await (await ann.get('/preferences')).text())).toContain('Make my calendar feed address');
    const made = await ann.post('/preferences/calendar', {});
    expect(made.status).toBe(200);
    const html = await made.text();
    const url = /id="f-calendar-url" type="text" readonly="" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/awardgate\.test\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(html).toContain('data-copy="f-calendar-url"');
    const feed = new URL(url).pathname;
    expect((await t.app.request(feed)).status).toBe(200);

    // Later the page says when it was made, and cannot show it.
    const later = await (await ann.get('/preferences')).text();
    expect(readText(later)).toContain('Your feed address was made on 2026-11-23.');
    expect(later).not.toContain(url);
    // A post without the confirmation goes to the confirmation page and replaces nothing.
    const unconfirmed = await ann.post('/preferences/calendar', {});
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.get('location')).toBe('/preferences/calendar/rotate');
    expect(readText(await (await ann.get('/preferences/calendar/rotate')).text())).toContain('The current address stops working at once');
    expect((await t.app.request(feed)).status).toBe(200);

    const rotated = await (await ann.post('/preferences/calendar', { confirm: 'yes' })).text();
    const next = /id="f-calendar-url" type="text" readonly="" value="([^"]+)"/.exec(rotated)?.[1] ?? '';
    expect(next).toMatch(/^https:\/\/awardgate\.test\/calendar\/cal_/);
    expect(next).not.toBe(url);
    expect((await t.app.request(feed)).status).toBe(404);
    expect((await t.app.request(new URL(next).pathname)).status).toBe(200);
  });
});

describe('the outbox (administrators)', () => {
  it('is refused to a contractor and an officer, whose "run" writes nothing', async () => {
    t = await routeEnv({ signsIn: [ANN, OFFICER] });
    for (const email of [ANN, OFFICER]) {
      const s = await t.signIn(email);
      expect((await s.get('/admin/outbox')).status).toBe(403);
      expect((await s.post('/admin/outbox/run', {})).status).toBe(403);
    }
    expect(await rowsIn(t, 'notifications')).toBe(0);
  });

  it("runs today's pass from the page, shows the counts after the redirect and lists every message waiting without a relay", async () => {
    t = await routeEnv({ signsIn: [ADMIN] });
    const admin = await t.signIn(ADMIN);
    expect(readText(await (await admin.get('/admin/outbox')).text())).toContain('No mail relay is set (SMTP_URL), so messages wait here: read them below.');
    const ran = await admin.post('/admin/outbox/run', {});
    expect(ran.status).toBe(303);
    expect(ran.headers.get('location')).toBe('/admin/outbox?ran=2026-11-23&created=5&sent=0&failed=0');
    const html = await (await admin.get(ran.headers.get('location')!)).text();
    const text = readText(html);
    expectShows(text, ["Today's pass (2026-11-23) has run", '5 new reminders written; 0 sent, 0 delivery attempts failed.', 'All (5)', 'Waiting (5)', 'Failed (0)']);
    const recipients = [...html.matchAll(/<td class="ag-break">([^<]+@[^<]+)<\/td>/g)].map((m) => m[1]).sort();
    expect(recipients).toEqual([AL, AL, ANN, ANN, BEA]);
    // The message itself is readable here (no relay).
    expect(text).toContain('The latest affirmation of continuous compliance for CMMC UID DUEB000001 (Company 2BBB1) is current through 2026-11-30.');
  });

  it('marks a message refused for good as failed, sends it again on "Resend" (post/redirect/get), and refuses to resend one that is not failed', async () => {
    smtp = await startSmtp();
    t = await routeEnv({ settings: settingsFor(smtp.url), signsIn: [ADMIN] });
    smtp.refuse(5, 550);
    await runPass(t);
    const admin = await t.signIn(ADMIN);
    const failedPage = await (await admin.get('/admin/outbox?state=FAILED')).text();
    expectShows(readText(failedPage), ['Failed (5)', 'Message rejected']);
    const ids = [...failedPage.matchAll(/action="\/admin\/outbox\/(\d+)\/resend"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(5);

    const resent = await admin.post(`/admin/outbox/${ids[0]}/resend`, { state: 'FAILED' });
    expect(resent.status).toBe(303);
    expect(resent.headers.get('location')).toBe('/admin/outbox?state=FAILED&done=resent');
    expect(readText(await (await admin.get('/admin/outbox?state=FAILED&done=resent')).text())).toContain('The message is queued again: it goes out with the next delivery (within a minute), with its original Message-ID.');
    const row = await t.database.client.execute({ sql: 'SELECT state, attempts FROM notification_outbox WHERE id = ?', args: [Number(ids[0])] });
    expect(row.rows[0]).toMatchObject({ state: 'PENDING', attempts: 0 });

    const again = await admin.post(`/admin/outbox/${ids[0]}/resend`, { state: 'FAILED' });
    expect(again.status).toBe(409);
    expect(readText(await again.text())).toContain('Only a failed message can be resent; this one is pending');
    expect((await admin.post('/admin/outbox/999999/resend', {})).status).toBe(404);
  });
});
