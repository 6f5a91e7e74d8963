import { z } from 'zod';
import { apiRoute, jsonAnswer } from '../openapi.js';
import { instant, orNull } from '../schemas.js';

const feedUrl = z.string().meta({ format: 'uri', description: 'PUBLIC_URL/calendar/<secret>.ics' });

const CalendarFeed = z
  .object({
    url: orNull(feedUrl).meta({
      description: 'The secret feed URL (RFC 5545, no sign-in), in the answer that made it only: AwardGate keeps its hash, so later answers carry null (rotate for a new one)',
    }),
    created: z.boolean().meta({ description: 'True when this call made the feed URL' }),
    createdAt: instant.meta({ description: 'When the current feed URL was made' }),
  })
  .meta({ id: 'CalendarFeed' });

const RotatedCalendarFeed = z
  .object({ url: feedUrl.meta({ description: 'The new secret feed URL; the old one stops working at once' }), createdAt: instant })
  .meta({ id: 'RotatedCalendarFeed' });

export const getCalendarRoute = apiRoute({
  method: 'get', path: '/calendar', operationId: 'getMyCalendarFeed', tags: ['Reminders'], summary: 'Your personal calendar feed of deadlines',
  description:
    'The first call makes the caller\'s secret feed URL and answers it. Only its hash is stored, so later calls answer `url: null` with the date it was made; ' +
    '`POST /me/calendar/rotate` replaces it with a new one (the old URL stops working).',
  errors: [401], ok: { 200: jsonAnswer(CalendarFeed, 'The feed URL when just made, else when the current one was made') },
});

export const rotateCalendarRoute = apiRoute({
  method: 'post', path: '/calendar/rotate', operationId: 'rotateMyCalendarFeed', tags: ['Reminders'], summary: 'Replace your calendar feed URL with a new one',
  description: 'Also makes the first one. Calendars subscribed to the old URL stop receiving updates until they subscribe to the new one.',
  errors: [401], ok: { 200: jsonAnswer(RotatedCalendarFeed, 'The new feed URL') },
});
