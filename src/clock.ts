/**
 * The one place that reads the system clock. Rules receive "today" as a date from here; a pinned
 * APP_TODAY (training/test installs) fixes the date while instants keep moving.
 */
import { dateInZone, type IsoDate } from './domain/dates.js';

export interface Clock {
  /** The current instant (for recordedAt, sessions, audit). */
  now(): Date;
  /** Today's date in the rules' time zone. */
  today(): IsoDate;
  /** True when today is pinned (pages show a banner). */
  readonly pinned: IsoDate | null;
  readonly zone: string;
}

export function systemClock(zone = 'America/New_York', pinnedToday: IsoDate | null = null): Clock {
  return {
    now: () => new Date(),
    today: () => pinnedToday ?? dateInZone(new Date(), zone),
    pinned: pinnedToday,
    zone,
  };
}

/** A clock for tests: fixed date, optionally fixed instant. */
export function fixedClock(today: IsoDate, instant = new Date(`${today}T15:00:00Z`)): Clock {
  return { now: () => instant, today: () => today, pinned: today, zone: 'America/New_York' };
}
