/**
 * The reminder outbox (administrators; permissions `outbox.read`, `notifications.run`): the list by
 * delivery state, "Resend" for a failed message and "Run today's pass now", each with
 * post/redirect/get (the pass's counts travel in the redirect's query).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { OutboxPage, type OutboxMessage } from '../../../../views/pages/admin/outbox.js';
import { isValidDate } from '../../../domain/dates.js';
import { conflict } from '../../../services/errors.js';
import { listOutbox, OUTBOX_STATES, resendMessage, type OutboxEntry, type OutboxState } from '../../../services/notifications/outbox.js';
import { runDailyPassNow, type PassResult } from '../../../services/notifications/pass.js';
import type { ReminderSettings } from '../../../services/notifications/settings.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { parsePaging, queryOf } from '../paging.js';
import { pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import { formValidator, NO_INPUT, type FormState } from '../validator.js';

const stateOf = (v: string | undefined): OutboxState | null => ((OUTBOX_STATES as readonly string[]).includes(v ?? '') ? (v as OutboxState) : null);

/** The pass's counts as the redirect carries them; anything else in the query shows nothing. */
function ranOf(c: Context<PagesEnv>): PassResult | null {
  const date = c.req.query('ran') ?? '';
  const n = (k: string) => (/^\d{1,9}$/.test(c.req.query(k) ?? '') ? Number(c.req.query(k)) : null);
  const [created, sent, failed] = [n('created'), n('sent'), n('failed')];
  return isValidDate(date) && created !== null && sent !== null && failed !== null ? { date, created, sent, failed } : null;
}

function outboxView(settings: ReminderSettings) {
  return async (c: Context<PagesEnv>, form: FormState): Promise<View> => {
    const state = stateOf(c.req.query('state'));
    const { page, pageSize, offset } = parsePaging(queryOf(c));
    const { entries, total, counts } = await listOutbox(c.var.ctx, c.var.actor!, settings, { state, offset, limit: pageSize });
    const notice =
      c.req.query('done') === 'resent'
        ? settings.smtpUrl
          ? 'The message is queued again: it goes out with the next delivery (within a minute), with its original Message-ID.'
          : 'The message is queued again: it waits here until a mail relay is set (SMTP_URL).'
        : null;
    return {
      title: 'Reminder outbox',
      page: (
        <OutboxPage
          messages={entries.map(messageOf)}
          paging={{ page, pageSize, total }}
          counts={counts}
          state={state}
          relay={settings.smtpUrl !== null}
          ran={ranOf(c)}
          csrf={c.var.csrfToken}
          notice={notice}
          errors={form.errors}
        />
      ),
    };
  };
}

/** What the outbox page shows of an entry. */
const messageOf = (e: OutboxEntry): OutboxMessage => ({
  id: e.id,
  createdAt: e.createdAt,
  toAddress: e.toAddress,
  kind: e.reminder.kind,
  title: e.message.title,
  text: e.message.text,
  messageId: e.messageId,
  state: e.state,
  sentAt: e.sentAt,
  attempts: e.attempts,
  lastError: e.lastError,
});

/** `state`: the filter the administrator was looking at, to return to it. */
const BackTo = z.object({ state: z.string().optional() });
const backTo = (v: Record<string, string | string[] | undefined>) => ({ state: opt(v.state) });

export function adminOutboxPages(settings: ReminderSettings) {
  const view = outboxView(settings);
  return new Hono<PagesEnv>()
    .use('*', requireUser('outbox.read'))
    .get('/', async (c) => pageOrFragment(c, await view(c, NO_INPUT)))
    .post('/run', requireUser('notifications.run'), formValidator(z.object({}), () => ({}), view), async (c) => {
      const r = await runDailyPassNow(c.var.ctx, settings, c.var.actor!);
      if (!r) throw conflict('Another instance is running the reminder pass now; its reminders appear here when it has finished');
      const q = new URLSearchParams({ ran: r.date, created: String(r.created), sent: String(r.sent), failed: String(r.failed) });
      return c.redirect(`/admin/outbox?${q}`, 303);
    })
    .post('/:id{[0-9]+}/resend', requireUser('notifications.run'), formValidator(BackTo, backTo, view), async (c) => {
      await resendMessage(c.var.ctx, c.var.actor!, settings, Number(c.req.param('id')));
      const state = stateOf(c.req.valid('form').data.state);
      return c.redirect(`/admin/outbox?${new URLSearchParams({ ...(state ? { state } : {}), done: 'resent' })}`, 303);
    });
}
