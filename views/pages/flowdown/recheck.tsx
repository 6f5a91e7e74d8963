/** Subs whose evidence lapses soon (rules §3 currentThrough; rules §5 look-ahead): re-check before it does. */
import type { RecheckRow } from '../../../src/services/flowdown.js';
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
        <Table
          caption={`Subcontractors to re-check within ${days} days`}
          class="usa-table--striped width-full"
          head={<ColumnHeads labels={['Evidence current through', 'Subcontractor', 'Prime contract', 'Sub minimum', 'Evidence', 'Next step']} />}
        >
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
        </Table>
      ) : (
        <EmptyState>No subcontractor's evidence lapses within {days} days. Nothing to re-check yet.</EmptyState>
      )}
    </>
  );
}
