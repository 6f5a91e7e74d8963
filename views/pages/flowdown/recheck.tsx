/** Subs whose evidence lapses soon (rules §3 currentThrough; rules §5 look-ahead): re-check before it does. */
import { LEVEL_LABEL } from '../../../src/domain/levels.js';
import type { RecheckRow } from '../../../src/services/flowdown.js';
import { EmptyState } from '../../components/alerts.js';
import { ErrorSummary, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { EVIDENCE_LABEL, VerifiedTag } from '../../components/flowdown.js';
import { FlowdownLinks } from './register.js';

export function RecheckPage({ asOf, days, items, values, errors }: { asOf: string; days: number; items: RecheckRow[]; values: FormValues; errors: FormErrors }) {
  return (
    <>
      <h1>Re-check list</h1>
      <p class="usa-intro">
        Subcontractors you may award to whose evidence stops being current before {asOf} + {days} days, soonest first (the latest check per prime contract and sub).
      </p>
      <FlowdownLinks />
      <ErrorSummary errors={errors} />
      <form class="usa-form ag-noprint" method="get" action="/flowdown/recheck">
        <TextField name="days" label="Look ahead (days)" type="number" inputmode="numeric" values={values} errors={errors} />
        <button type="submit" class="usa-button usa-button--outline">
          Show
        </button>
      </form>
      {items.length ? (
        <table class="usa-table usa-table--striped width-full">
          <caption>Subcontractors to re-check within {days} days</caption>
          <thead>
            <tr>
              <th scope="col">Evidence current through</th>
              <th scope="col">Subcontractor</th>
              <th scope="col">Prime contract</th>
              <th scope="col">Sub minimum</th>
              <th scope="col">Evidence</th>
              <th scope="col">Next step</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr>
                <td class="ag-nowrap">
                  {r.evidenceCurrentThrough} {r.lapsed ? <span class="usa-tag ag-tag--error">Lapsed</span> : <span class="usa-tag ag-tag--warning">{r.daysLeft} days left</span>}
                </td>
                <td>
                  {r.subcontractor.name} <span class="ag-mono">({r.subcontractor.cage})</span>
                </td>
                <td>
                  <a href={`/flowdown/checks/${r.checkId}`}>{r.primeContractNumber}</a>
                </td>
                <td>{r.subMinimumLevel ? LEVEL_LABEL[r.subMinimumLevel] : 'none'}</td>
                <td>
                  {r.evidenceKind ? EVIDENCE_LABEL[r.evidenceKind] : 'none'} <VerifiedTag verified={r.verified} />
                </td>
                <td>
                  <a
                    href={`/flowdown/new?${new URLSearchParams({ primeContractNumber: r.primeContractNumber, 'subcontractor.cage': r.subcontractor.cage, 'subcontractor.name': r.subcontractor.name, information: r.information }).toString()}`}
                  >
                    Re-check {r.subcontractor.name}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <EmptyState>No subcontractor's evidence lapses within {days} days. Nothing to re-check yet.</EmptyState>
      )}
    </>
  );
}
