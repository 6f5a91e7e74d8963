/**
 * A user's calendar feed at its secret URL (`/calendar/<token>.ics`, RFC 5545). Calendar
 * applications subscribe without signing in, so the token in the path is the only credential: an
 * unknown or rotated token reads exactly like a page that does not exist, and nothing is cached on
 * the way (a shared cache would hand one person's deadlines to whoever asks for the URL next).
 */
import { Hono } from 'hono';
import { calendarFeed } from '../services/notifications/calendar.js';
import type { ReminderSettings } from '../services/notifications/settings.js';
import type { AppEnv } from './env.js';

const NO_STORE = { 'Cache-Control': 'private, no-store' };

export function calendarFeedRoute(settings: ReminderSettings) {
  return new Hono<AppEnv>().get('/:file{.+\\.ics}', async (c) => {
    const ics = await calendarFeed(c.var.ctx, settings, c.req.param('file').slice(0, -'.ics'.length));
    if (ics === null) return c.text('There is no calendar feed at this address. Open your reminder preferences in AwardGate for the current one.', 404, NO_STORE);
    return c.body(ics, 200, { ...NO_STORE, 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="awardgate-deadlines.ics"' });
  });
}
