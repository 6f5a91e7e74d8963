import { z } from 'zod';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { isoDate } from '../schemas.js';

const PassAnswer = z
  .object({
    date: isoDate.meta({ description: 'The pass\'s "today" (RULES_TIME_ZONE, or APP_TODAY when pinned)' }),
    created: z.number().int().meta({ description: 'Notifications written by this run, one per recipient (0 when today\'s were written already)' }),
    sent: z.number().int().meta({ description: 'Messages the mail relay accepted during this run (0 without SMTP_URL: they wait in the outbox)' }),
    failed: z.number().int().meta({ description: 'Delivery attempts refused during this run (retried later unless out of attempts)' }),
  })
  .meta({ id: 'ReminderPassResult' });

export const runPassRoute = apiRoute({
  method: 'post', path: '/run', operationId: 'runReminderPass', tags: ['Reminders'], summary: 'Run today\'s reminder pass now (administrator)',
  middleware: allow('notifications.run'), errors: [...SIGNED_IN, 409],
  description:
    'Writes every reminder due today (issue 11: affirmations, POA&M closeouts, expiring statuses, options at risk, flowdown re-checks) to the inbox and the outbox, then ' +
    'delivers the outbox when a mail relay is set. Running it again the same day writes nothing new. 409 while another instance runs the pass.',
  ok: { 200: jsonAnswer(PassAnswer, 'What this run did') },
});
