import type { PresentedRecord } from '../../src/services/records.js';
import { Fact } from '../components/facts.js';
import { Notice } from '../components/alerts.js';
import { ComplianceChangeForm } from '../components/compliance-change.js';
import { ErrorSummary, TextField, type FormErrors, type FormValues } from '../components/form.js';
import { ReasonList, StatusTag } from '../components/reasons.js';
import { LEVEL_LABEL } from '../labels.js';

export function UidRecord({ rec }: { rec: PresentedRecord }) {
  return (
    <section aria-labelledby="uid-record-heading" id="uid-record">
      <h2 id="uid-record-heading">
        <span class="ag-mono">{rec.uid}</span> <StatusTag type={rec.type} current={rec.current} />
      </h2>
      <dl class="usa-list">
        <Fact term="Level">{LEVEL_LABEL[rec.level]}</Fact>
        <Fact term="Status date">{rec.statusDate}</Fact>
        <Fact term={`Current through (as of ${rec.asOf})`}>{rec.currentThrough ?? 'not current'}</Fact>
        <Fact term="Scope">{rec.scope}</Fact>
        <Fact term="CAGE codes" mono>
          {rec.cages.join(', ')}
        </Fact>
        <Fact term="Score">{rec.score ?? '—'}</Fact>
        {rec.supersededBy ? (
          <Fact term="Superseded by" mono>
            {rec.supersededBy}
          </Fact>
        ) : null}
        {rec.closeout ? (
          <Fact term={'POA&M closeout'}>
            {rec.closeout.date}: {rec.closeout.result === 'SUCCESS' ? 'all POA&M items met' : 'failed'}
          </Fact>
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

export function UidLookupPage({ uid, rec, errors, change }: { uid: string; rec: PresentedRecord | null; errors: FormErrors; change?: ChangeFormState | null }) {
  return (
    <>
      <h1>UID lookup</h1>
      <form class="usa-search usa-search--small" role="search" method="get" action="/uids" hx-get="/uids" hx-target="#uid-result" hx-swap="outerHTML">
        <TextField name="uid" label="CMMC UID" values={{ uid }} hint="10 letters and digits" />
        <button class="usa-button" type="submit">
          Look up
        </button>
      </form>
      <Notice text={change?.done ? 'Change in compliance recorded: this UID is not current from the date of the change.' : null} />
      <UidLookupResult rec={rec} errors={errors} />
      {rec && change && !change.ended ? (
        <ComplianceChangeForm uid={rec.uid} action={`/uids/${rec.uid}/compliance-change`} csrf={change.csrf} today={change.today} values={change.values} errors={change.errors} />
      ) : null}
    </>
  );
}
