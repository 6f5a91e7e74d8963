/**
 * Reminder preferences (issue 11): which kinds of reminder the user receives (the two that end a
 * status are shown, always on, with why), the address reminder e-mail goes to, and the personal
 * calendar feed: made once, shown once (AwardGate keeps its hash), replaced after a confirmation.
 */
import type { ReminderKind } from '../../src/domain/reminders.js';
import { Alert, Notice } from '../components/alerts.js';
import { Csrf, ErrorSummary, Submit, TextField, type FormErrors, type FormValues } from '../components/form.js';
import { MANDATORY_KIND_WHY, REMINDER_KIND_LABEL, REMINDER_KIND_WHEN } from '../labels.js';

export interface CalendarFeedState {
  /** When the current feed URL was made; null when the user has none. */
  createdAt: string | null;
  /** The URL itself, only in the answer that made it. */
  url: string | null;
}

/** What the user receives now: each kind on or off (the mandatory ones always on), and the reminder address (null: the account's). */
export interface ReminderChoices {
  email: string | null;
  kinds: { kind: ReminderKind; enabled: boolean; mandatory: boolean }[];
}

export interface PreferencesPageProps {
  prefs: ReminderChoices;
  accountEmail: string;
  /** The reminder days of each kind (the domain's), for the descriptions. */
  reminderDays: Record<ReminderKind, readonly number[]>;
  calendar: CalendarFeedState;
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  notice: string | null;
}

const idOf = (kind: string) => `f-kinds-${kind}`;

function KindChoice({ kind, p }: { kind: ReminderChoices['kinds'][number]; p: PreferencesPageProps }) {
  const why = MANDATORY_KIND_WHY[kind.kind];
  const ticked = kind.mandatory || ([] as string[]).concat(p.values.kinds ?? []).includes(kind.kind);
  const described = `${idOf(kind.kind)}-when${why ? ` ${idOf(kind.kind)}-why` : ''}`;
  return (
    <div class="usa-checkbox">
      <input
        class="usa-checkbox__input"
        id={idOf(kind.kind)}
        type="checkbox"
        name={kind.mandatory ? undefined : 'kinds'}
        value={kind.kind}
        checked={ticked}
        disabled={kind.mandatory}
        aria-describedby={described}
      />
      <label class="usa-checkbox__label" for={idOf(kind.kind)}>
        {REMINDER_KIND_LABEL[kind.kind]}
        <span class="usa-checkbox__label-description" id={`${idOf(kind.kind)}-when`}>
          {REMINDER_KIND_WHEN[kind.kind](p.reminderDays[kind.kind])}
        </span>
        {why ? (
          <span class="usa-checkbox__label-description text-bold" id={`${idOf(kind.kind)}-why`}>
            {why}
          </span>
        ) : null}
      </label>
    </div>
  );
}

function CalendarFeed({ calendar, csrf }: { calendar: CalendarFeedState; csrf: string | null }) {
  return (
    <section id="calendar-feed" aria-labelledby="calendar-heading" class="margin-top-5">
      <h2 id="calendar-heading">Calendar feed</h2>
      <p>
        Subscribe to your deadlines in Outlook, Google Calendar or Apple Calendar: every future deadline of your reminders is an all-day event on its last day,
        with alarms on the days the reminders go out. The address is secret: anyone who has it sees your deadlines, without signing in.
      </p>
      {calendar.url ? (
        <>
          <Alert type="success" heading="Your calendar feed address">
            <p>Copy it now and add it to your calendar as a subscription. AwardGate keeps only a fingerprint of it, so it cannot show this address again.</p>
          </Alert>
          <div class="usa-form-group">
            <label class="usa-label" for="f-calendar-url">
              Calendar feed address (iCalendar)
            </label>
            <input class="usa-input ag-mono" id="f-calendar-url" type="text" readonly value={calendar.url} />
            <button type="button" class="usa-button usa-button--outline margin-top-1" data-copy="f-calendar-url" data-copy-status="copy-status" hidden>
              Copy address
            </button>
            <p id="copy-status" class="usa-hint" aria-live="polite"></p>
          </div>
          <script src="/assets/app/copy.js" defer></script>
        </>
      ) : calendar.createdAt ? (
        <>
          <p>
            Your feed address was made on <strong>{calendar.createdAt.slice(0, 10)}</strong>. It is shown only when it is made; if you no longer have it, or someone
            else may, get a new one (the current one stops working).
          </p>
          <a href="/preferences/calendar/rotate" class="usa-button usa-button--outline">
            Get a new feed address
          </a>
        </>
      ) : (
        <form method="post" action="/preferences/calendar">
          <Csrf token={csrf} />
          <Submit label="Make my calendar feed address" />
        </form>
      )}
    </section>
  );
}

export function PreferencesPage(p: PreferencesPageProps) {
  return (
    <>
      <h1>Reminder preferences</h1>
      <p class="usa-intro">
        AwardGate reminds you of the SPRS deadlines you must act on, in your <a href="/inbox">inbox</a> and by e-mail. Choose what you receive and where.
      </p>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} />
      <form class="usa-form usa-form--large" method="post" action="/preferences">
        <Csrf token={p.csrf} />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Reminders you receive</legend>
          {p.errors.disabledKinds ? (
            <span class="usa-error-message" id="f-disabledKinds" role="alert">
              {p.errors.disabledKinds}
            </span>
          ) : null}
          {p.prefs.kinds.map((kind) => (
            <KindChoice kind={kind} p={p} />
          ))}
        </fieldset>
        <TextField
          name="email"
          label="E-mail address for reminders"
          type="email"
          autocomplete="email"
          hint={`Leave blank to use your account's address, ${p.accountEmail}.`}
          values={p.values}
          errors={p.errors}
        />
        <Submit label="Save preferences" />
      </form>
      <CalendarFeed calendar={p.calendar} csrf={p.csrf} />
    </>
  );
}

/** The confirmation before the feed address is replaced (without JavaScript: its own page). */
export function RotateCalendarPage({ csrf, createdAt }: { csrf: string | null; createdAt: string | null }) {
  return (
    <>
      <h1>Get a new calendar feed address?</h1>
      <Alert type="warning" heading="The current address stops working at once">
        <p>
          {createdAt ? `The address made on ${createdAt.slice(0, 10)} will no longer show your deadlines. ` : ''}Every calendar subscribed to it stops receiving
          updates until you subscribe it to the new address.
        </p>
      </Alert>
      <form method="post" action="/preferences/calendar" class="margin-top-3">
        <Csrf token={csrf} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="usa-button usa-button--secondary">
          Yes, get a new address
        </button>{' '}
        <a href="/preferences#calendar-feed" class="usa-button usa-button--unstyled margin-left-2">
          Cancel
        </a>
      </form>
    </>
  );
}
