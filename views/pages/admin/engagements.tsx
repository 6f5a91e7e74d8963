/**
 * Engagements (administrators; issue 10): which C3PAO accounts may post Level 2 (C3PAO) results
 * and close out POA&Ms for which company (rules §6), and the form that engages one.
 */
import { Notice } from '../../components/alerts.js';
import { Csrf, ErrorSummary, IdempotencyKey, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { DataTable, type Column, type Paging } from '../../components/table.js';
import type { EngagementRow } from './companies.js';

export function EngagementForm({ csrf, values, errors }: { csrf: string | null; values: FormValues; errors: FormErrors }) {
  return (
    <form class="usa-form usa-form--large" method="post" action="/admin/engagements" id="new-engagement" novalidate>
      <h2>Engage a C3PAO with a company</h2>
      <Csrf token={csrf} />
      <IdempotencyKey />
      <ErrorSummary errors={errors} labels={{ companyCage: 'Company CAGE', assessorEmail: 'C3PAO account email' }} />
      <TextField name="companyCage" label="Company CAGE" hint="Any CAGE code of the company: the engagement is with its Highest Level Owner" values={values} errors={errors} maxlength={5} required />
      <TextField name="assessorEmail" label="C3PAO account email" type="email" values={values} errors={errors} required />
      <Submit label="Engage" />
    </form>
  );
}

const ENGAGEMENT_COLUMNS: Column<EngagementRow>[] = [
  { label: 'Company', sort: 'companyName', cell: (e) => <a href={`/admin/companies/${e.companyCage}`}>{e.companyName}</a> },
  { label: 'HLO CAGE', class: 'ag-mono', cell: (e) => e.companyCage },
  { label: 'C3PAO account', sort: 'assessorEmail', cell: (e) => e.assessorEmail },
  { label: 'Since', sort: 'createdAt', class: 'ag-nowrap', cell: (e) => e.createdAt.slice(0, 10) },
  { label: 'Engaged by', cell: (e) => e.createdByEmail ?? '—' },
];

export function EngagementsPage(p: { rows: EngagementRow[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; base: string; csrf: string | null; values: FormValues; errors: FormErrors; done: boolean }) {
  return (
    <>
      <h1>Engagements</h1>
      <p>An engaged C3PAO may post Level 2 (C3PAO) results for the company and close out its POA&amp;Ms. A contractor can also engage its own assessor from its company page.</p>
      <Notice text={p.done ? 'Engagement recorded.' : null} />
      <DataTable
        caption="C3PAO engagements"
        columns={ENGAGEMENT_COLUMNS}
        list={p}
        empty={<p>No C3PAO is engaged with any company yet. Engage one below.</p>}
      />
      <EngagementForm csrf={p.csrf} values={p.values} errors={p.errors} />
    </>
  );
}
