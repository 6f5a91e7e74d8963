/**
 * The reminder API (issue 11): POST /api/v1/notifications/run (administrators; one run at a time
 * across instances), GET /api/v1/me/calendar and its rotation, and the feed at its secret URL,
 * fetched without signing in. The dates come from test/notifications/route-fixtures.ts.
 */
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLease } from '../../src/services/leases.js';
import { DAILY_PASS_JOB } from '../../src/services/notifications/pass.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { closeAll, settingsFor } from './fixtures.js';
import { routeEnv, rowsIn, type RouteEnv } from './route-fixtures.js';

let t: RouteEnv | null = null;
let smtp: TestSmtp | null = null;
afterEach(async () => {
  await closeAll(t, smtp);
  t = smtp = null;
});

const pathOf = (url: string) => new URL(url).pathname;
const events = (ics: string) =>
  new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return [e.startDate.toString(), e.summary];
  });

describe('POST /api/v1/notifications/run', () => {
  it("runs today's pass for an administrator: the reminders due on 2026-11-23, then nothing new the second time", async () => {
    t = await routeEnv();
    const first = await t.api('POST', '/api/v1/notifications/run');
    expect(first.status).toBe(200);
    // Ann and Al: DUEA000001 (30 days) and OVRA000001 (day 8 overdue); Bea: DUEB000001 (7 days). No relay: nothing sent.
    expect(first.json).toEqual({ date: '2026-11-23', created: 5, sent: 0, failed: 0 });
    expect((await t.api('POST', '/api/v1/notifications/run')).json).toEqual({ date: '2026-11-23', created: 0, sent: 0, failed: 0 });
  });

  it('delivers through the relay of SMTP_URL and counts what it sent', async () => {
    smtp = await startSmtp();
    t = await routeEnv({ settings: settingsFor(smtp.url) });
    const res = await t.api('POST', '/api/v1/notifications/run');
    expect(res.json).toEqual({ date: '2026-11-23', created: 5, sent: 5, failed: 0 });
    expect(smtp.received.map((m) => `${m.to.join(',')} ${m.subject}`).sort()).toEqual([
      'al@a.example Affirmation due in 30 days: UID DUEA000001 (Company 1AAA1)',
      'al@a.example Affirmation overdue: UID OVRA000001 (Company 1AAA1) is not current',
      'ann@a.example Affirmation due in 30 days: UID DUEA000001 (Company 1AAA1)',
      'ann@a.example Affirmation overdue: UID OVRA000001 (Company 1AAA1) is not current',
      'bea@b.example Affirmation due in 7 days: UID DUEB000001 (Company 2BBB1)',
    ]);
  });

  it('refuses contractors and officers (403) and callers without a token (401), writing nothing', async () => {
    t = await routeEnv();
    for (const token of [t.tokens.ann, t.tokens.officer]) {
      const res = await t.api('POST', '/api/v1/notifications/run', undefined, token);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await t.api('POST', '/api/v1/notifications/run', undefined, null)).status).toBe(401);
    expect(await rowsIn(t, 'notifications')).toBe(0);
  });

  it('answers 409 while another instance holds the pass, and runs once it is free', async () => {
    t = await routeEnv();
    const held = await acquireLease({ database: t.database, clock: t.clock }, DAILY_PASS_JOB, 60_000, 'another-instance');
    expect(held).not.toBeNull();
    const busy = await t.api('POST', '/api/v1/notifications/run');
    expect(busy.status).toBe(409);
    expect(busy.json).toMatchObject({ status: 409, detail: 'Another instance is running the reminder pass; try again when it has finished' });
    await t.database.client.execute("DELETE FROM leases WHERE holder = 'another-instance'");
    expect((await t.api('POST', '/api/v1/notifications/run')).json.created).toBe(5);
  });
});

describe('GET /api/v1/me/calendar and the feed at its secret URL', () => {
  it('makes the feed URL on the first call only; later calls say when it was made, without the URL', async () => {
    t = await routeEnv();
    const first = await t.api('GET', '/api/v1/me/calendar', undefined, t.tokens.ann);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ url: expect.stringMatching(/^https:\/\/awardgate\.test\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/), created: true, createdAt: '2026-11-23T15:00:00.000Z' });
    const again = await t.api('GET', '/api/v1/me/calendar', undefined, t.tokens.ann);
    expect(again.json).toEqual({ url: null, created: false, createdAt: '2026-11-23T15:00:00.000Z' });
    // The first URL still works: asking again did not replace it.
    expect((await t.app.request(pathOf(first.json.url))).status).toBe(200);
  });

  it("serves the feed without signing in, as text/calendar that no cache keeps, with the user's company's deadlines", async () => {
    t = await routeEnv();
    const { url } = (await t.api('GET', '/api/v1/me/calendar', undefined, t.tokens.ann)).json;
    const res = await t.app.request(pathOf(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    // DUEA000001: affirmation through 2026-12-23, status (Final L2 Self of 2025-12-23, 3 years) through 2028-12-23.
    // OVRA000001 is not current (its affirmation lapsed), so it has nothing ahead; 2BBB1's UID is not Ann's.
    expect(events(await res.text())).toEqual([
      ['2026-12-23', 'Last day of the affirmation of UID DUEA000001 (Company 1AAA1)'],
      ['2028-12-23', 'Last day of the CMMC status of UID DUEA000001 (Company 1AAA1)'],
    ]);
  });

  it('stops serving the old URL after POST /api/v1/me/calendar/rotate, and answers 404 for a token nobody holds', async () => {
    t = await routeEnv();
    const old = (await t.api('GET', '/api/v1/me/calendar', undefined, t.tokens.bea)).json.url;
    const rotated = await t.api('POST', '/api/v1/me/calendar/rotate', undefined, t.tokens.bea);
    expect(rotated.status).toBe(200);
    expect(rotated.json).toEqual({ url: expect.stringMatching(/^https:\/\/awardgate\.test\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/), createdAt: '2026-11-23T15:00:00.000Z' });
    expect(rotated.json.url).not.toBe(old);
    const gone = await t.app.request(pathOf(old));
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBe('private, no-store');
    expect(await gone.text()).toBe('There is no calendar feed at this address. Open your reminder preferences in AwardGate for the current one.');
    expect((await t.app.request(pathOf(rotated.json.url))).status).toBe(200);
    expect((await t.app.request(`/calendar/cal_${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await t.app.request('/calendar/not-a-token.ics')).status).toBe(404);
  });

  it('asks for a token (401) and never answers for another user', async () => {
    t = await routeEnv();
    expect((await t.api('GET', '/api/v1/me/calendar', undefined, null)).status).toBe(401);
    expect((await t.api('POST', '/api/v1/me/calendar/rotate', undefined, null)).status).toBe(401);
    const ann = (await t.api('GET', '/api/v1/me/calendar', undefined, t.tokens.ann)).json.url;
    const bea = (await t.api('GET', '/api/v1/me/calendar', undefined, t.tokens.bea)).json.url;
    const beaFeed = await (await t.app.request(pathOf(bea))).text();
    expect(events(beaFeed).map(([, summary]) => summary)).toEqual([
      'Last day of the affirmation of UID DUEB000001 (Company 2BBB1)',
      'Last day of the CMMC status of UID DUEB000001 (Company 2BBB1)',
    ]);
    expect(beaFeed).not.toContain('DUEA000001');
    expect(ann).not.toBe(bea);
  });
});
