/**
 * The personal calendar feed (issue 11): RFC 5545, read back with an independent parser (ical.js),
 * its events on the UIDs' own deadlines (rules §2–§3), at a secret URL the user can rotate.
 */
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarFeed, calendarSubscription, rotateCalendarToken } from '../../src/services/notifications/calendar.js';
import { setPreferences } from '../../src/services/notifications/preferences.js';
import { affirmation } from '../helpers.js';
import { remindersEnv, settingsFor, type RemindersEnv } from './fixtures.js';

const settings = settingsFor(null);
const tokenOf = (url: string) => /\/calendar\/([^/]+)\.ics$/.exec(url)![1];

interface ParsedEvent {
  summary: string;
  start: string;
  end: string;
  allDay: boolean;
  uid: string;
  alarmsDaysBefore: number[];
  description: string;
}

function parse(ics: string): ParsedEvent[] {
  const cal = new ICAL.Component(ICAL.parse(ics));
  expect(cal.name).toBe('vcalendar');
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      summary: e.summary,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      allDay: e.startDate.isDate,
      uid: e.uid,
      description: e.description,
      // Alarms ring at 09:00 on the reminder day: n days before the event's midnight, less 9 hours.
      alarmsDaysBefore: v.getAllSubcomponents('valarm').map((a) => (-(a.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds() + 9 * 3600) / 86_400),
    };
  });
}

let t: RemindersEnv;
beforeEach(async () => {
  t = await remindersEnv([
    // Final L2 (C3PAO) of 2026-03-01, affirmed that day: affirmation current through 2027-03-01, status through 2029-03-01.
    { uid: 'AFFA000001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-03-01', cages: ['1AAA1'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-03-01')] },
    // Conditional of 2026-10-01: day 180 is 2027-03-30 (the affirmation outlives it, so it has no event).
    { uid: 'CNDA000001', level: 'L2_C3PAO', status: 'CONDITIONAL', statusDate: '2026-10-01', cages: ['1AAA2'], scope: 'Lab', score: 100, affirmations: [affirmation('2026-10-01')] },
    // Superseded on 2026-09-01: not current, so nothing ahead.
    { uid: 'OLDA000001', level: 'L2_SELF', status: 'FINAL', statusDate: '2025-09-01', cages: ['1AAA1'], scope: 'Plant', score: 110, affirmations: [affirmation('2025-09-01')] },
    { uid: 'NEWA000001', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-09-01', cages: ['1AAA1'], scope: 'Plant', score: 110, supersedes: 'OLDA000001', affirmations: [affirmation('2026-09-01')] },
    // Another company's UID.
    { uid: 'AFFB000001', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-04-10', cages: ['2BBB1'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-04-10')] },
  ]);
});
afterEach(() => t.env.close());

describe('issue 11: calendar feeds', () => {
  it("lists every future deadline of the user's company as an all-day event with alarms on the reminder days", async () => {
    const { url } = await rotateCalendarToken(t.on('2026-11-23'), t.actors.ann, settings);
    expect(url).toMatch(/^https:\/\/awardgate\.test\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    const ics = await calendarFeed(t.on('2026-11-23'), settings, tokenOf(url));
    const events = parse(ics!);
    expect(events.map((e) => [e.start, e.end, e.allDay, e.summary, e.alarmsDaysBefore])).toEqual([
      ['2027-03-01', '2027-03-02', true, 'Last day of the affirmation of UID AFFA000001 (Company 1AAA1)', [60, 30, 7]],
      ['2027-03-30', '2027-03-31', true, 'Last day for the POA&M closeout of UID CNDA000001 (Company 1AAA1)', [30, 7]],
      ['2027-09-01', '2027-09-02', true, 'Last day of the affirmation of UID NEWA000001 (Company 1AAA1)', [60, 30, 7]],
      ['2029-03-01', '2029-03-02', true, 'Last day of the CMMC status of UID AFFA000001 (Company 1AAA1)', [90, 30]],
      ['2029-09-01', '2029-09-02', true, 'Last day of the CMMC status of UID NEWA000001 (Company 1AAA1)', [90, 30]],
    ]);
    expect(events[0].description).toContain('https://awardgate.test/company/affirmations');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('keeps only the alarms still ahead, and leaves out kinds the user switched off', async () => {
    await setPreferences(t.on('2027-01-15'), t.actors.ann, { disabledKinds: ['STATUS_EXPIRING'] });
    const { url } = await rotateCalendarToken(t.on('2027-01-15'), t.actors.ann, settings);
    const events = parse((await calendarFeed(t.on('2027-01-15'), settings, tokenOf(url)))!);
    expect(events.map((e) => [e.start, e.alarmsDaysBefore])).toEqual([
      ['2027-03-01', [30, 7]],
      ['2027-03-30', [30, 7]],
      ['2027-09-01', [60, 30, 7]],
    ]);
  });

  it('gives the engaged C3PAO its Level 2 (C3PAO) closeout deadlines, linking to its own workspace', async () => {
    expect((await t.env.api('POST', '/api/v1/engagements', { companyCage: '1AAA1', assessorEmail: 'assessor@c3pao.example' })).status).toBe(201);
    const { url } = await rotateCalendarToken(t.on('2026-11-23'), t.actors.c3pao, settings);
    const events = parse((await calendarFeed(t.on('2026-11-23'), settings, tokenOf(url)))!);
    expect(events.map((e) => [e.start, e.summary])).toEqual([['2027-03-30', 'Last day for the POA&M closeout of UID CNDA000001 (Company 1AAA1)']]);
    expect(events[0].description).toContain('https://awardgate.test/assessor');
  });

  it('stops serving the old URL once the user rotates it, and never the feed of another user', async () => {
    const first = await rotateCalendarToken(t.on('2026-11-23'), t.actors.ann, settings);
    const second = await rotateCalendarToken(t.on('2026-11-24'), t.actors.ann, settings);
    expect(second.url).not.toBe(first.url);
    expect(await calendarFeed(t.on('2026-11-24'), settings, tokenOf(first.url))).toBeNull();
    expect(await calendarFeed(t.on('2026-11-24'), settings, 'cal_nonsense')).toBeNull();
    expect(await calendarSubscription(t.on('2026-11-24'), t.actors.ann)).toEqual({ createdAt: '2026-11-24T15:00:00.000Z' });
    const bea = await rotateCalendarToken(t.on('2026-11-24'), t.actors.bea, settings);
    const beaEvents = parse((await calendarFeed(t.on('2026-11-24'), settings, tokenOf(bea.url)))!);
    expect(beaEvents.map((e) => e.summary)).toEqual([
      'Last day of the affirmation of UID AFFB000001 (Company 2BBB1)',
      'Last day of the CMMC status of UID AFFB000001 (Company 2BBB1)',
    ]);
    // Only the hash is stored.
    const rows = await t.env.database.client.execute('SELECT token_hash FROM calendar_tokens');
    expect(rows.rows.map((r) => r.token_hash)).not.toContain(tokenOf(second.url));
  });

  it('serves an empty but valid calendar to a user with nothing ahead', async () => {
    const { url } = await rotateCalendarToken(t.on('2026-11-23'), t.actors.officer, settings);
    const ics = (await calendarFeed(t.on('2026-11-23'), settings, tokenOf(url)))!;
    expect(parse(ics)).toEqual([]);
  });
});
