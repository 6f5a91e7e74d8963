import { conflict } from '../../../services/errors.js';
import { runDailyPassNow } from '../../../services/notifications/pass.js';
import type { ReminderSettings } from '../../../services/notifications/settings.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { runPassRoute } from './routes.js';

export const notificationsApi = (settings: ReminderSettings) =>
  apiRouter().openapi(runPassRoute, async (c) => {
    const result = await runDailyPassNow(c.var.ctx, settings, actorOf(c));
    if (!result) throw conflict('Another instance is running the reminder pass; try again when it has finished');
    return c.json(result, 200);
  });
