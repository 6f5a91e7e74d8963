/** Subs whose evidence lapses soon (rules §3 currentThrough; rules §5 look-ahead): re-check before it does. */
import type { RecheckRow } from '../../../src/services/flowdown-register.js';
import { EmptyState } from '../../components/alerts.js';
import { ErrorSummary, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { VerifiedTag } from '../../components/flowdown.js';
import { ColumnHeads, Table } from '../../components/table.js';
import { FlowdownLinks } from './register.js';
import { EVIDENCE_LABEL, LEVEL_LABEL } from '../../labels.js';

export function RecheckPage({ asOf, days, items, values, errors }: { asOf: string; days: number; items: RecheckRow[]; values: FormValues; errors: FormErrors }) {
  return (
    <>
      <h1>Re-check list</h1>
      <p class="usa-intro">
        Subcontractors you may award to whose CMMC status or, under DFARS 252.204-7012, NIST SP 800-171 assessment stops holding before {asOf} + {days} days
        or before the subcontract's next milestone, soonest first (the latest check per prime contract and sub).
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
        <Table
          caption={`Subcontractors to re-check within ${days} days`}
          class="usa-table--striped width-full"
          head={<ColumnHeads labels={['Holds through', 'What lapses', 'Subcontractor', 'Prime contract', 'Sub minimum', 'Evidence', 'Next step']} />}
        >
          {items.map((r) => (
            <tr>
              <td class="ag-nowrap">
                {r.lapsesAfter} {r.lapsed ? <span class="usa-tag ag-tag--error">Lapsed</span> : <span class="usa-tag ag-tag--warning">{r.daysLeft} days left</span>}
              </td>
              <td>
                <ul class="usa-list usa-list--unstyled">
                  {r.lapses.map((l) => (
                    <li>{l === 'NIST_ASSESSMENT' ? `NIST SP 800-171 assessment (counts through ${r.subNistValidThrough})` : `CMMC status (current through ${r.evidenceCurrentThrough})`}</li>
                  ))}
                </ul>
                {r.lookAheadUntil ? <span class="usa-hint">next milestone {r.lookAheadUntil}</span> : null}
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
                  href={`/flowdown/new?${new URLSearchParams({ primeContractNumber: r.primeContractNumber, 'subcontractor.cage': r.subcontractor.cage, 'subcontractor.name': r.subcontractor.name, information: r.information, ...(r.subNistValidThrough ? { nist7012: 'on' } : {}) }).toString()}`}
                >
                  Re-check {r.subcontractor.name}
                </a>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No subcontractor's evidence lapses within {days} days. Nothing to re-check yet.</EmptyState>
      )}
    </>
  );
}
