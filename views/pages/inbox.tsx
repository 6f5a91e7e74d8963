/**
 * The in-app inbox (issue 11): the reminders sent to the signed-in user, each linking to the page
 * where the user acts, unread first or newest first, with "mark as read" for one or all.
 */
import type { ReminderKind } from '../../src/domain/reminders.js';
import { EmptyState, Notice } from '../components/alerts.js';
import { Csrf, ErrorSummary, type FormErrors } from '../components/form.js';
import { ColumnHeads, Table, type Paging } from '../components/table.js';
import { REMINDER_KIND_LABEL } from '../labels.js';

/** One reminder as the inbox lists it. */
export interface InboxItem {
  id: number;
  kind: ReminderKind;
  title: string;
  /** The page where the user acts. */
  path: string;
  body: string;
  deadline: string;
  createdOn: string;
  read: boolean;
}

export type InboxOrder = 'unread-first' | 'newest';

export interface InboxPageProps {
  items: InboxItem[];
  paging: Paging;
  unread: number;
  order: InboxOrder;
  csrf: string | null;
  notice: string | null;
  errors: FormErrors;
}

const ORDER_LABEL: Record<InboxOrder, string> = { 'unread-first': 'Unread first', newest: 'Newest first' };

/** The hidden fields that bring the reader back to the same view after a post. */
function Return({ order, page }: { order: InboxOrder; page: number }) {
  return (
    <>
      <input type="hidden" name="order" value={order} />
      <input type="hidden" name="page" value={String(page)} />
    </>
  );
}

function Row({ item, p }: { item: InboxItem; p: InboxPageProps }) {
  return (
    <tr class={item.read ? undefined : 'ag-unread'}>
      <td>{item.read ? <span class="usa-tag ag-tag--ok">Read</span> : <span class="usa-tag ag-tag--info">Unread</span>}</td>
      <th scope="row">
        <a href={item.path} class="usa-link">
          {item.title}
        </a>
        <span class="display-block ag-citation">{REMINDER_KIND_LABEL[item.kind]}</span>
        <details class="margin-top-05">
          <summary>What it says</summary>
          {item.body.split('\n\n').map((para) => (
            <p class="ag-break">{para}</p>
          ))}
        </details>
      </th>
      <td class="ag-nowrap">{item.deadline}</td>
      <td class="ag-nowrap">{item.createdOn}</td>
      <td>
        {item.read ? null : (
          <form method="post" action="/inbox/read">
            <Csrf token={p.csrf} />
            <Return order={p.order} page={p.paging.page} />
            <input type="hidden" name="read" value={String(item.id)} />
            <button type="submit" class="usa-button usa-button--outline margin-0">
              Mark as read<span class="usa-sr-only"> {item.title}</span>
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function InboxPage(p: InboxPageProps) {
  const base = `/inbox?order=${p.order}`;
  return (
    <>
      <h1>Inbox</h1>
      <p class="usa-intro">
        Reminders of your SPRS deadlines, sent before it is too late to act. Each one links to the page where you act; the same reminders go to your e-mail.{' '}
        <a href="/preferences">Reminder preferences</a>
      </p>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} />
      <div class="display-flex flex-wrap flex-align-center margin-bottom-2">
        <nav aria-label="Order of the inbox" class="margin-right-3">
          <ul class="usa-button-group">
            {(Object.keys(ORDER_LABEL) as InboxOrder[]).map((o) => (
              <li class="usa-button-group__item">
                <a href={`/inbox?order=${o}`} class={`usa-button${o === p.order ? '' : ' usa-button--outline'}`} aria-current={o === p.order ? 'true' : undefined}>
                  {ORDER_LABEL[o]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {p.unread > 0 ? (
          <form method="post" action="/inbox/read">
            <Csrf token={p.csrf} />
            <Return order={p.order} page={p.paging.page} />
            <input type="hidden" name="read" value="all" />
            <button type="submit" class="usa-button usa-button--secondary margin-0">
              Mark all {p.unread} as read
            </button>
          </form>
        ) : null}
      </div>
      {p.items.length ? (
        <Table
          caption={`Reminders: ${p.unread} unread of ${p.paging.total}`}
          class="usa-table--striped width-full"
          head={<ColumnHeads labels={['State', 'Reminder', 'Deadline (last day)', 'Sent on']} action="Action" />}
          paging={p.paging}
          base={base}
        >
          {p.items.map((item) => (
            <Row item={item} p={p} />
          ))}
        </Table>
      ) : (
        <EmptyState>
          No reminders yet. When a deadline of yours comes near (an affirmation, a POA&M closeout, an expiring status, an option at risk, a flowdown re-check), the
          reminder appears here.
        </EmptyState>
      )}
    </>
  );
}
