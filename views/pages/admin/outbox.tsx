/**
 * The reminder outbox for administrators (issue 11): every reminder e-mail with its delivery state,
 * attempts and last error, filtered by state; a failed message can be sent again, and today's pass
 * can be run now. Without a mail relay the messages wait here and are read here.
 */
import type { ReminderKind } from '../../../src/domain/reminders.js';
import { Alert, EmptyState, Notice } from '../../components/alerts.js';
import { Csrf, ErrorSummary, type FormErrors } from '../../components/form.js';
import { ColumnHeads, Table, type Paging } from '../../components/table.js';
import { OUTBOX_STATE_LABEL, REMINDER_KIND_LABEL, type DeliveryState as State } from '../../labels.js';

/** One message of the outbox as the page shows it. */
export interface OutboxMessage {
  id: number;
  createdAt: string;
  toAddress: string;
  kind: ReminderKind;
  /** The e-mail's subject. */
  title: string;
  /** The e-mail's plain text. */
  text: string;
  messageId: string;
  state: State;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

export interface OutboxPageProps {
  messages: OutboxMessage[];
  paging: Paging;
  counts: Record<State, number>;
  state: State | null;
  /** Whether SMTP_URL is set (the URL itself may hold a password: never shown). */
  relay: boolean;
  /** What "Run today's pass now" did, shown after its redirect. */
  ran: { date: string; created: number; sent: number; failed: number } | null;
  csrf: string | null;
  notice: string | null;
  errors: FormErrors;
}

const STATE_TAG: Record<State, string> = { PENDING: 'ag-tag--info', SENT: 'ag-tag--ok', FAILED: 'ag-tag--error' };
const STATES = Object.keys(OUTBOX_STATE_LABEL) as State[];

const filterHref = (state: State | null) => (state ? `/admin/outbox?state=${state}` : '/admin/outbox');

function Row({ e, p }: { e: OutboxMessage; p: OutboxPageProps }) {
  return (
    <tr>
      <td class="ag-nowrap">{e.createdAt.slice(0, 10)}</td>
      <td class="ag-break">{e.toAddress}</td>
      <th scope="row">
        {e.title}
        <span class="display-block ag-citation">{REMINDER_KIND_LABEL[e.kind]}</span>
        <details class="margin-top-05">
          <summary>
            Read the message<span class="usa-sr-only"> to {e.toAddress}</span>
          </summary>
          <pre class="ag-message">{e.text}</pre>
          <p class="ag-citation ag-break">Message-ID {e.messageId}</p>
        </details>
      </th>
      <td>
        <span class={`usa-tag ${STATE_TAG[e.state]}`}>{OUTBOX_STATE_LABEL[e.state]}</span>
        {e.sentAt ? <span class="display-block ag-citation">{e.sentAt.slice(0, 10)}</span> : null}
      </td>
      <td>{e.attempts}</td>
      <td class="ag-break">{e.lastError ?? '—'}</td>
      <td>
        {e.state === 'FAILED' ? (
          <form method="post" action={`/admin/outbox/${e.id}/resend`}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="state" value={p.state ?? ''} />
            <button type="submit" class="usa-button usa-button--outline margin-0">
              Resend<span class="usa-sr-only"> the message to {e.toAddress}</span>
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}

export function OutboxPage(p: OutboxPageProps) {
  const all = p.counts.PENDING + p.counts.SENT + p.counts.FAILED;
  return (
    <>
      <h1>Reminder outbox</h1>
      <p class="usa-intro">
        Every reminder e-mail the daily pass wrote, and what became of it.{' '}
        {p.relay
          ? 'Messages go out through the mail relay (SMTP_URL); a refused attempt is retried with growing waits, and a message refused for good is marked failed.'
          : 'No mail relay is set (SMTP_URL), so messages wait here: read them below.'}
      </p>
      <Notice text={p.notice} />
      {p.ran ? (
        <Alert type="success" heading={`Today's pass (${p.ran.date}) has run`}>
          <p>
            {p.ran.created} new reminder{p.ran.created === 1 ? '' : 's'} written; {p.ran.sent} sent, {p.ran.failed} delivery attempt{p.ran.failed === 1 ? '' : 's'} failed.
          </p>
        </Alert>
      ) : null}
      <ErrorSummary errors={p.errors} />
      <form method="post" action="/admin/outbox/run" class="margin-bottom-3">
        <Csrf token={p.csrf} />
        <button type="submit" class="usa-button">
          Run today's pass now
        </button>
        <span class="usa-hint display-block">It also runs by itself every day (NOTIFY_AT). Running it again the same day writes nothing new.</span>
      </form>
      <nav aria-label="Delivery state" class="margin-bottom-2">
        <ul class="usa-button-group">
          {[null, ...STATES].map((s) => (
            <li class="usa-button-group__item">
              <a href={filterHref(s)} class={`usa-button${s === p.state ? '' : ' usa-button--outline'}`} aria-current={s === p.state ? 'true' : undefined}>
                {s ? OUTBOX_STATE_LABEL[s] : 'All'} ({s ? p.counts[s] : all})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.messages.length ? (
        <Table
          caption={p.state ? `${OUTBOX_STATE_LABEL[p.state]} messages` : 'Every message, newest first'}
          class="usa-table--striped width-full"
          head={<ColumnHeads labels={['Written', 'To', 'Reminder', 'State', 'Attempts', 'Last error']} action="Action" />}
          paging={p.paging}
          base={filterHref(p.state)}
        >
          {p.messages.map((e) => (
            <Row e={e} p={p} />
          ))}
        </Table>
      ) : (
        <EmptyState>{p.state ? `No ${OUTBOX_STATE_LABEL[p.state].toLowerCase()} messages.` : 'No reminder has been written yet. Run today\'s pass to write the ones due today.'}</EmptyState>
      )}
    </>
  );
}
