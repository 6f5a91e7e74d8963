import type { EmassEvent } from '../../src/domain/emass-changes.js';
import type { CompanyName, UidSearchRow } from '../../src/domain/uid-search.js';
import type { PresentedRecord } from '../../src/services/records.js';
import { Fact } from '../components/facts.js';
import { Notice } from '../components/alerts.js';
import { ComplianceChangeForm } from '../components/compliance-change.js';
import { ErrorSummary, TextField, type FormErrors, type FormValues } from '../components/form.js';
import { ReasonList, StatusTag } from '../components/reasons.js';
import { ColumnHeads, Table } from '../components/table.js';
import { FEED_EVENT_LABEL, LEVEL_LABEL, RECORD_SOURCE_LABEL } from '../labels.js';

/** One event of a UID's eMASS feed history (src/services/emass/runs.ts feedHistory hands these over). */
export interface FeedEventView {
  event: EmassEvent;
  date: string;
  runId: number;
  detail: Record<string, unknown> | null;
}

/** A feed event's facts in a few words: the fields a run changed, or the operation that withdrew the UID. */
const feedDetail = (e: FeedEventView): string => {
  if (!e.detail) return '';
  const { operation, closeoutDate: _, ...changes } = e.detail;
  const fields = Object.keys(changes);
  return fields.length ? ` (${fields.join(', ')})` : e.event === 'WITHDRAWN' && operation ? ` (${String(operation)})` : '';
};

/** Where the record came from, and what runs of the eMASS feed did to it (issue 9), oldest first. */
export function FeedHistoryList({ events }: { events: FeedEventView[] }) {
  if (!events.length) return null;
  return (
    <>
      <h3>eMASS feed history</h3>
      <ul class="usa-list">
        {events.map((e) => (
          <li>
            {e.date}: {FEED_EVENT_LABEL[e.event]}
            {feedDetail(e)}, run {e.runId}
          </li>
        ))}
      </ul>
    </>
  );
}

export function UidRecord({ rec, feed, company }: { rec: PresentedRecord; feed?: FeedEventView[] | null; company?: CompanyName | null }) {
  return (
    <section aria-labelledby="uid-record-heading" id="uid-record">
      <h2 id="uid-record-heading">
        <span class="ag-mono">{rec.uid}</span> <StatusTag type={rec.type} current={rec.current} />
      </h2>
      <dl class="usa-list">
        {company ? (
          <Fact term="Company">
            {company.name} (HLO CAGE <span class="ag-mono">{company.cage}</span>)
          </Fact>
        ) : null}
        <Fact term="Level">{LEVEL_LABEL[rec.level]}</Fact>
        <Fact term="Status date">{rec.statusDate}</Fact>
        <Fact term={`Current through (as of ${rec.asOf})`}>{rec.currentThrough ?? 'not current'}</Fact>
        <Fact term="Scope">{rec.scope}</Fact>
        <Fact term="CAGE codes" mono>
          {rec.cages.join(', ')}
        </Fact>
        <Fact term="Score">{rec.score ?? '—'}</Fact>
        <Fact term="Came from">{RECORD_SOURCE_LABEL[rec.source]}</Fact>
        <Fact term="Superseded by" mono ifPresent>{rec.supersededBy}</Fact>
        {rec.closeout ? (
          <Fact term={'POA&M closeout'}>
            {rec.closeout.date}: {rec.closeout.result === 'SUCCESS' ? 'all POA&M items met' : 'failed'}
          </Fact>
        ) : null}
      </dl>
      <ReasonList reasons={rec.reasons} empty="Current: no reason against it today." />
      {feed ? <FeedHistoryList events={feed} /> : null}
      <h3>Affirmations</h3>
      {rec.affirmations.length ? (
        <ul class="usa-list">
          {rec.affirmations.map((a) => (
            <li>
              {a.date}: {a.name}, {a.title}
            </li>
          ))}
        </ul>
      ) : (
        <p>No affirmation recorded.</p>
      )}
      {rec.poam.length ? (
        <>
          <h3>POA&amp;M</h3>
          <p class="ag-mono">{rec.poam.join(', ')}</p>
        </>
      ) : null}
      {rec.complianceChanges.length ? (
        <>
          <h3>Compliance changes</h3>
          <ul class="usa-list">
            {rec.complianceChanges.map((c) => (
              <li>
                {c.date}: {c.description}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export type { CompanyName, UidSearchRow };

/** What a CAGE code or company-name search found (src/services/uid-search.ts hands the rows over). */
export interface UidSearchView {
  query: string;
  rows: UidSearchRow[];
  more: boolean;
  limit: number;
}

function UidSearchResults({ found }: { found: UidSearchView }) {
  if (!found.rows.length) return null;
  return (
    <section aria-labelledby="uid-search-heading">
      <h2 id="uid-search-heading">UIDs found for "{found.query}"</h2>
      {found.more ? <p>The first {found.limit} are shown, newest status first: type a full CAGE code or more of the name to narrow the search.</p> : null}
      <Table label={`UIDs found for ${found.query}`} head={<ColumnHeads labels={['UID', 'Company', 'Level', 'Status', 'Status date', 'CAGE codes']} />}>
        {found.rows.map((r) => (
          <tr>
            <th scope="row" class="ag-mono">
              <a href={`/uids?uid=${r.uid}`}>{r.uid}</a>
            </th>
            <td>
              {r.company.name} (<span class="ag-mono">{r.company.cage}</span>)
            </td>
            <td>{LEVEL_LABEL[r.level]}</td>
            <td>
              <StatusTag type={r.type} current={r.current} />
            </td>
            <td class="ag-nowrap">{r.statusDate}</td>
            <td class="ag-mono">{r.cages.join(', ')}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

export function UidLookupResult(p: { rec: PresentedRecord | null; company?: CompanyName | null; found?: UidSearchView | null; errors: FormErrors; feed?: FeedEventView[] | null }) {
  return (
    <div id="uid-result" aria-live="polite">
      <ErrorSummary errors={p.errors} title="Not found" />
      {p.rec ? <UidRecord rec={p.rec} feed={p.feed} company={p.company} /> : null}
      {p.found ? <UidSearchResults found={p.found} /> : null}
    </div>
  );
}

/** For DIBCAC and administrators: record a reassessment finding against the UID (rules §9). */
export interface ChangeFormState {
  csrf: string | null;
  today: string;
  values: FormValues;
  errors: FormErrors;
  done: boolean;
  /** The status has ended (rules §3 "Reporting"): there is nothing left to change. */
  ended: boolean;
}

export function UidLookupPage({
  uid,
  rec,
  company,
  found,
  errors,
  change,
  feed,
}: {
  uid: string;
  rec: PresentedRecord | null;
  company?: CompanyName | null;
  found?: UidSearchView | null;
  errors: FormErrors;
  change?: ChangeFormState | null;
  feed?: FeedEventView[] | null;
}) {
  return (
    <>
      <h1>UID lookup</h1>
      <form class="usa-search usa-search--small" role="search" method="get" action="/uids" hx-get="/uids" hx-target="#uid-result" hx-swap="outerHTML">
        <TextField name="uid" label="CMMC UID, CAGE code or company name" values={{ uid }} hint="A UID (10 letters and digits) opens its record; a CAGE code or part of a company's name lists its UIDs" />
        <button class="usa-button" type="submit">
          Look up
        </button>
      </form>
      <Notice text={change?.done ? 'Change in compliance recorded: this UID is not current from the date of the change.' : null} />
      <UidLookupResult rec={rec} company={company} found={found} errors={errors} feed={feed} />
      {rec && change && !change.ended ? (
        <ComplianceChangeForm uid={rec.uid} action={`/uids/${rec.uid}/compliance-change`} csrf={change.csrf} today={change.today} values={change.values} errors={change.errors} />
      ) : null}
    </>
  );
}
