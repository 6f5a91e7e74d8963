import { ensureCalendarToken, rotateCalendarToken } from '../../../services/notifications/calendar.js';
import type { ReminderSettings } from '../../../services/notifications/settings.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { getCalendarRoute, rotateCalendarRoute } from './routes.js';

export const meApi = (settings: ReminderSettings) =>
  apiRouter()
    .openapi(getCalendarRoute, async (c) => {
      const { url, createdAt } = await ensureCalendarToken(c.var.ctx, actorOf(c), settings);
      return c.json({ url, created: url !== null, createdAt }, 200);
    })
    .openapi(rotateCalendarRoute, async (c) => c.json(await rotateCalendarToken(c.var.ctx, actorOf(c), settings), 200));
