/** The prime's flowdown register (rules §7): every recorded check, sortable and paged, with its CSV. */
import type { PresentedFlowdownCheck } from '../../../src/services/flowdown.js';
import { DecisionTag, VerifiedTag } from '../../components/flowdown.js';
import { TextField, type FormValues } from '../../components/form.js';
import { DataTable, type Column, type Paging } from '../../components/table.js';
import { EVIDENCE_LABEL, LEVEL_LABEL } from '../../labels.js';

const NIST_RESULT_LABEL = { CURRENT: 'Current', EXPIRED: 'Expired', MISSING: 'Missing' } as const;

export const REGISTER_SORTS = ['decidedAt', 'primeContractNumber', 'subcontractor', 'decision'] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];

export function FlowdownLinks({ csvHref = '/flowdown/register.csv' }: { csvHref?: string }) {
  return (
    <ul class="usa-button-group margin-bottom-2 ag-noprint">
      <li class="usa-button-group__item">
        <a class="usa-button" href="/flowdown/new">
          New flowdown check
        </a>
      </li>
      <li class="usa-button-group__item">
        <a class="usa-button usa-button--outline" href="/flowdown/tree">
          Tree across tiers
        </a>
      </li>
      <li class="usa-button-group__item">
        <a class="usa-button usa-button--outline" href="/flowdown/recheck">
          Re-check list
        </a>
      </li>
      <li class="usa-button-group__item">
        <a class="usa-button usa-button--outline" href={csvHref} download>
          Download the register (CSV)
        </a>
      </li>
    </ul>
  );
}

const REGISTER_COLUMNS: Column<PresentedFlowdownCheck>[] = [
  {
    label: 'Recorded',
    sort: 'decidedAt',
    class: 'ag-nowrap',
    cell: (r) => (
      <>
        <a href={`/flowdown/checks/${r.id}`}>{r.decidedOn}</a>
        <span class="usa-sr-only"> view the check on {r.subcontractor.name}</span>
      </>
    ),
  },
  { label: 'Prime contract', sort: 'primeContractNumber', cell: (r) => r.primeContractNumber },
  {
    label: 'Subcontractor',
    sort: 'subcontractor',
    cell: (r) => (
      <>
        {r.subcontractor.name} <span class="ag-mono">({r.subcontractor.cage})</span>
      </>
    ),
  },
  { label: 'Information', cell: (r) => r.information },
  { label: 'Sub minimum', cell: (r) => (r.subMinimumLevel ? LEVEL_LABEL[r.subMinimumLevel] : 'none') },
  {
    label: 'Evidence',
    cell: (r) => (
      <>
        {r.evidence.kind ? EVIDENCE_LABEL[r.evidence.kind] : 'none'} <VerifiedTag verified={r.evidence.verified} />
      </>
    ),
  },
  { label: "Sub's NIST assessment", cell: (r) => (r.nist ? NIST_RESULT_LABEL[r.nist.outcome] : r.cotsOnly ? 'not required (COTS only)' : 'not required (no 7012)') },
  { label: 'Decision', sort: 'decision', cell: (r) => <DecisionTag mayAward={r.mayAward} /> },
];

export function FlowdownRegisterPage(p: { rows: PresentedFlowdownCheck[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; filter: FormValues; filtered: boolean }) {
  const qs = new URLSearchParams();
  for (const k of ['primeContractNumber', 'subCage'] as const) if (typeof p.filter[k] === 'string' && p.filter[k]) qs.set(k, p.filter[k] as string);
  const filterQs = qs.toString();
  const base = `/flowdown?${filterQs ? `${filterQs}&` : ''}sort=${p.sort.sort}&dir=${p.sort.dir}`;
  return (
    <>
      <h1>Flowdown checks</h1>
      <p class="usa-intro">Your company's recorded decisions on subcontractors (32 CFR 170.23). Records are immutable; a changed decision is a new check.</p>
      <FlowdownLinks csvHref={`/flowdown/register.csv${filterQs ? `?${filterQs}` : ''}`} />
      <form class="usa-form maxw-full ag-noprint" method="get" action="/flowdown" role="search" aria-label="Filter the register">
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-5">
            <TextField name="primeContractNumber" label="Prime contract number" values={p.filter} />
          </div>
          <div class="tablet:grid-col-3">
            <TextField name="subCage" label="Subcontractor CAGE" values={p.filter} maxlength={5} />
          </div>
          <div class="tablet:grid-col-4 margin-top-4">
            <button type="submit" class="usa-button usa-button--outline">
              Filter
            </button>
            {p.filtered ? <a href="/flowdown">Show all</a> : null}
          </div>
        </div>
      </form>
      <DataTable
        caption="Recorded flowdown checks"
        class="usa-table--striped width-full"
        columns={REGISTER_COLUMNS}
        list={{ ...p, base }}
        rowHeader={false}
        empty={
          p.filtered ? (
            <>
              No recorded check matches the filter. <a href="/flowdown">Show all checks</a>.
            </>
          ) : (
            <>
              No flowdown check recorded yet. <a href="/flowdown/new">Record the first one</a> before you award a subcontract that handles FCI or CUI.
            </>
          )
        }
      />
    </>
  );
}

