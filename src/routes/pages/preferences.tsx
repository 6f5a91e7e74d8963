/**
 * Reminder preferences (issue 11), for every signed-in user: the kinds switched on, the reminder
 * address (post/redirect/get), and the calendar feed address, which is shown in the answer that makes
 * it and nowhere else (only its hash is stored), so that post answers with the page itself.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { PreferencesPage, RotateCalendarPage } from '../../../views/pages/preferences.js';
import { alarmDaysBefore, REMINDER_KINDS, SWITCHABLE_KINDS, type ReminderKind } from '../../domain/reminders.js';
import { calendarSubscription, ensureCalendarToken, rotateCalendarToken } from '../../services/notifications/calendar.js';
import { getPreferences, ReminderPreferencesInput, setPreferences } from '../../services/notifications/preferences.js';
import type { ReminderSettings } from '../../services/notifications/settings.js';
import type { PagesEnv } from './env.js';
import { all, opt } from './form-values.js';
import { pageOrFragment, type View } from './render.js';
import { requireUser } from './session.js';
import { formValidator, NO_INPUT, type FormState } from './validator.js';

// The days each kind goes out on are its calendar alarms' days: the domain's one table of them.
const REMINDER_DAYS = Object.fromEntries(REMINDER_KINDS.map((k) => [k, alarmDaysBefore(k)])) as Record<ReminderKind, readonly number[]>;

async function preferencesView(c: Context<PagesEnv>, form: FormState, madeUrl: string | null = null): Promise<View> {
  const actor = c.var.actor!;
  const [prefs, feed] = await Promise.all([getPreferences(c.var.ctx, actor), calendarSubscription(c.var.ctx, actor)]);
  const values = Object.keys(form.values).length ? form.values : { email: prefs.email ?? '', kinds: prefs.kinds.filter((k) => k.enabled && !k.mandatory).map((k) => k.kind) };
  return {
    title: 'Reminder preferences',
    page: (
      <PreferencesPage
        prefs={prefs}
        accountEmail={actor.email}
        reminderDays={REMINDER_DAYS}
        calendar={{ createdAt: feed?.createdAt ?? null, url: madeUrl }}
        csrf={c.var.csrfToken}
        values={values}
        errors={form.errors}
        notice={c.req.query('done') === 'saved' ? 'Your reminder preferences are saved.' : null}
      />
    ),
  };
}

/** The ticked kinds are the ones on; every switchable kind not ticked is switched off. */
const preferencesInput = (v: Record<string, string | string[] | undefined>) => {
  const on = all(v.kinds);
  return { email: opt(v.email) ?? null, disabledKinds: SWITCHABLE_KINDS.filter((k) => !on.includes(k)) };
};

const RotateConfirmation = z.object({ confirm: z.literal('yes', { error: 'Confirm on the confirmation page to replace your calendar feed address' }).optional() });

export function preferencesPages(settings: ReminderSettings) {
  return new Hono<PagesEnv>()
    .use('*', requireUser())
    .get('/', async (c) => pageOrFragment(c, await preferencesView(c, NO_INPUT)))
    .post('/', formValidator(ReminderPreferencesInput, preferencesInput, preferencesView), async (c) => {
      await setPreferences(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      return c.redirect('/preferences?done=saved', 303);
    })
    .get('/calendar/rotate', async (c) => {
      const feed = await calendarSubscription(c.var.ctx, c.var.actor!);
      return c.render(<RotateCalendarPage csrf={c.var.csrfToken} createdAt={feed?.createdAt ?? null} />, { title: 'Get a new calendar feed address' });
    })
    /** Makes the first address at once; replacing one that exists needs the confirmation page's `confirm=yes`. */
    .post('/calendar', formValidator(RotateConfirmation, (v) => ({ confirm: opt(v.confirm) }), preferencesView), async (c) => {
      const actor = c.var.actor!;
      const made = c.req.valid('form').data.confirm ? await rotateCalendarToken(c.var.ctx, actor, settings) : await ensureCalendarToken(c.var.ctx, actor, settings);
      if (!made.url) return c.redirect('/preferences/calendar/rotate', 303);
      return pageOrFragment(c, await preferencesView(c, NO_INPUT, made.url));
    });
}
