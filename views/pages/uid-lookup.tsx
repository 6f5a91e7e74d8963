import type { PresentedRecord } from '../../src/services/records.js';
import { LEVEL_LABEL } from '../../src/domain/levels.js';
import { ErrorSummary, TextField, type FormErrors } from '../components/form.js';
import { ReasonList, StatusTag } from '../components/reasons.js';

export function UidRecord({ rec }: { rec: PresentedRecord }) {
  return (
    <section aria-labelledby="uid-record-heading" id="uid-record">
      <h2 id="uid-record-heading">
        <span class="ag-mono">{rec.uid}</span> <StatusTag type={rec.type} current={rec.current} />
      </h2>
      <dl class="usa-list">
        <dt>Level</dt>
        <dd>{LEVEL_LABEL[rec.level]}</dd>
        <dt>Status date</dt>
        <dd>{rec.statusDate}</dd>
        <dt>Current through (as of {rec.asOf})</dt>
        <dd>{rec.currentThrough ?? 'not current'}</dd>
        <dt>Scope</dt>
        <dd>{rec.scope}</dd>
        <dt>CAGE codes</dt>
        <dd class="ag-mono">{rec.cages.join(', ')}</dd>
        <dt>Score</dt>
        <dd>{rec.score ?? '—'}</dd>
        {rec.supersededBy ? (
          <>
            <dt>Superseded by</dt>
            <dd class="ag-mono">{rec.supersededBy}</dd>
          </>
        ) : null}
        {rec.closeout ? (
          <>
            <dt>POA&amp;M closeout</dt>
            <dd>
              {rec.closeout.date}: {rec.closeout.result === 'SUCCESS' ? 'all POA&M items met' : 'failed'}
            </dd>
          </>
        ) : null}
      </dl>
      <ReasonList reasons={rec.reasons} empty="Current: no reason against it today." />
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

export function UidLookupResult({ rec, errors }: { rec: PresentedRecord | null; errors: FormErrors }) {
  return (
    <div id="uid-result" aria-live="polite">
      <ErrorSummary errors={errors} title="Not found" />
      {rec ? <UidRecord rec={rec} /> : null}
    </div>
  );
}

export function UidLookupPage({ uid, rec, errors }: { uid: string; rec: PresentedRecord | null; errors: FormErrors }) {
  return (
    <>
      <h1>UID lookup</h1>
      <form class="usa-search usa-search--small" role="search" method="get" action="/uids" hx-get="/uids" hx-target="#uid-result" hx-swap="outerHTML">
        <TextField name="uid" label="CMMC UID" values={{ uid }} hint="10 letters and digits" />
        <button class="usa-button" type="submit">
          Look up
        </button>
      </form>
      <UidLookupResult rec={rec} errors={errors} />
    </>
  );
}
