/**
 * Affirmations per UID (32 CFR 170.22: on every assessment, after a closeout, at least annually):
 * the due date (one year from the latest), what is due soon or overdue, and one-click
 * re-affirmation by an official on file with the statement shown.
 */
import type { AffirmationState } from '../../../src/domain/affirmation-schedule.js';
import type { CompanyRecord } from '../../../src/services/contractor.js';
import { AffirmationStatement, type OfficialOption } from '../../components/affirmation-fields.js';
import { Alert, EmptyState, SlimAlert } from '../../components/alerts.js';
import { CompanyUidHeader, LevelAndScope } from '../../components/company-uid.js';
import { ConfirmStep } from '../../components/confirm-step.js';
import { Csrf, IdempotencyKey, SelectField, Submit } from '../../components/form.js';
import { Pagination, SortHeader, Table, type Paging } from '../../components/table.js';
import { AFFIRMATION_STATE_LABEL } from '../../labels.js';

export const AFFIRMATION_SORTS = ['dueBy', 'uid', 'state', 'latest'] as const;
export type AffirmationSort = (typeof AFFIRMATION_SORTS)[number];

const STATE_TAG: Record<AffirmationState, string> = {
  OVERDUE: 'ag-tag--error',
  AWAITING: 'ag-tag--error',
  DUE_SOON: 'ag-tag--warning',
  OK: 'ag-tag--ok',
  STATUS_EXPIRED: 'ag-tag--info',
};

export interface AffirmationsPageProps {
  attention: CompanyRecord[];
  rows: CompanyRecord[];
  paging: Paging;
  sort: { sort: AffirmationSort; dir: 'asc' | 'desc' };
  officials: OfficialOption[];
  official: OfficialOption | null;
  statement: string;
  csrf: string | null;
  notice: string | null;
  error: string | null;
  /** The re-affirmation a row's button asked for, awaiting its confirmation (and the message when it was posted unticked). */
  confirming: { uid: string; official: OfficialOption | null; error: string | null } | null;
  windowDays: number;
}

/** The confirmation step of a one-click re-affirmation (issue 10): what will be signed, and the box. */
function ConfirmReaffirm({ c, p }: { c: NonNullable<AffirmationsPageProps['confirming']>; p: AffirmationsPageProps }) {
  return (
    <section aria-labelledby="confirm-heading" class="margin-y-3" id="confirm-reaffirm">
      <h2 id="confirm-heading" tabindex={-1}>
        Confirm the affirmation of UID <span class="ag-mono">{c.uid}</span>
      </h2>
      <form method="post" action="/company/affirmations" class="usa-form usa-form--large maxw-full" novalidate>
        <Csrf token={p.csrf} />
        <IdempotencyKey />
        <input type="hidden" name="uid" value={c.uid} />
        <input type="hidden" name="officialId" value={String(c.official?.id ?? '')} />
        <input type="hidden" name="step" value="confirm" />
        <ConfirmStep heading="An affirmation is permanent" values={{}} errors={c.error ? { confirm: c.error } : {}}>
          {c.official ? `${c.official.name}, ${c.official.title},` : 'The official'} affirms the statement above for UID {c.uid}, dated today. It holds for one
          year and cannot be withdrawn.
        </ConfirmStep>
        <Submit label={`Affirm UID ${c.uid}`} />
        <a href="/company/affirmations" class="usa-button usa-button--unstyled margin-left-2">
          Cancel
        </a>
      </form>
    </section>
  );
}

function Row({ r, p }: { r: CompanyRecord; p: AffirmationsPageProps }) {
  const d = r.due!;
  return (
    <tr>
      <CompanyUidHeader uid={r.rec.uid} />
      <LevelAndScope level={r.rec.level} scope={r.rec.scope} />
      <td data-label="Affirmation">
        <span class={`usa-tag ${STATE_TAG[d.state]}`}>{AFFIRMATION_STATE_LABEL[d.state]}</span>
      </td>
      <td data-label="Latest">{d.latest ?? '—'}</td>
      <td data-label="Due by">
        {d.dueBy ?? 'now'}
        {d.daysLeft !== null ? <span class="display-block ag-citation">{d.daysLeft >= 0 ? `${d.daysLeft} days left` : `${-d.daysLeft} days overdue`}</span> : null}
      </td>
      <td>
        {d.state === 'STATUS_EXPIRED' ? (
          <span class="ag-citation">A new assessment is needed</span>
        ) : p.official ? (
          <form method="post" action="/company/affirmations#confirm-reaffirm">
            <Csrf token={p.csrf} />
            <input type="hidden" name="uid" value={r.rec.uid} />
            <input type="hidden" name="officialId" value={String(p.official.id)} />
            <button type="submit" class="usa-button usa-button--outline margin-0">
              Re-affirm<span class="usa-sr-only"> UID {r.rec.uid}</span> as {p.official.name}
            </button>
          </form>
        ) : (
          <a href={`/company/uids/${r.rec.uid}#affirm`}>
            Affirm<span class="usa-sr-only"> UID {r.rec.uid}</span>
          </a>
        )}
      </td>
    </tr>
  );
}

function DueTable({ rows, p, id, sortable }: { rows: CompanyRecord[]; p: AffirmationsPageProps; id: string; sortable: boolean }) {
  const base = '/company/affirmations';
  const h = (label: string, field: AffirmationSort) => (sortable ? <SortHeader label={label} field={field} current={p.sort} base={base} /> : <th scope="col">{label}</th>);
  return (
    <Table
      labelledBy={id}
      class="usa-table--striped ag-stack"
      head={
        <>
          {h('UID', 'uid')}
          <th scope="col">Level and scope</th>
          {h('Affirmation', 'state')}
          {h('Latest', 'latest')}
          {h('Due by', 'dueBy')}
          <th scope="col">
            <span class="usa-sr-only">Action</span>
          </th>
        </>
      }
    >
      {rows.map((r) => (
        <Row r={r} p={p} />
      ))}
    </Table>
  );
}

export function AffirmationsPage(p: AffirmationsPageProps) {
  return (
    <>
      <h1>Affirmations</h1>
      <SlimAlert type="success" text={p.notice} />
      <SlimAlert type="error" text={p.error} />
      <p class="usa-intro">
        Each UID needs an affirmation of continuous compliance on posting, after a POA&amp;M closeout and at least once a year. An affirmation holds for one year
        from its date; "due soon" means within {p.windowDays} days.
      </p>
      <AffirmationStatement text={p.statement} />
      {p.confirming ? <ConfirmReaffirm c={p.confirming} p={p} /> : null}
      {p.officials.length ? (
        <form method="get" action="/company/affirmations" class="usa-form margin-bottom-2">
          <SelectField name="official" label="Affirm as" values={{ official: String(p.official?.id ?? '') }} options={p.officials.map((o) => ({ value: String(o.id), label: `${o.name}, ${o.title}` }))} />
          <button type="submit" class="usa-button usa-button--outline">
            Use this official
          </button>
        </form>
      ) : (
        <Alert type="info" slim>
          No Affirming Official on file: <a href="/company#officials-heading">add one on the Company page</a> to re-affirm in one click, or affirm from each UID's page.
        </Alert>
      )}

      <h2 id="attention-heading">Due soon or overdue ({p.attention.length})</h2>
      {p.attention.length ? <DueTable rows={p.attention} p={p} id="attention-heading" sortable={false} /> : <EmptyState>Nothing is due within {p.windowDays} days.</EmptyState>}

      <h2 id="all-heading">Every UID with a status</h2>
      {p.rows.length ? (
        <>
          <DueTable rows={p.rows} p={p} id="all-heading" sortable />
          <Pagination paging={p.paging} base={`/company/affirmations?sort=${p.sort.sort}&dir=${p.sort.dir}`} />
        </>
      ) : (
        <EmptyState>
          No UID has a status to affirm yet. <a href="/company/assessments/new?level=L2_SELF">Start a self-assessment</a>.
        </EmptyState>
      )}
    </>
  );
}
