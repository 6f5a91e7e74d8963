/**
 * Engagements (administrators; issue 10): which C3PAO accounts may post Level 2 (C3PAO) results
 * and close out POA&Ms for which company (rules §6), and the form that engages one.
 */
import { EmptyState, Notice } from '../../components/alerts.js';
import { Csrf, ErrorSummary, IdempotencyKey, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { SortHeader, Table, type Paging } from '../../components/table.js';
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

export function EngagementsPage(p: { rows: EngagementRow[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; base: string; csrf: string | null; values: FormValues; errors: FormErrors; done: boolean }) {
  return (
    <>
      <h1>Engagements</h1>
      <p>An engaged C3PAO may post Level 2 (C3PAO) results for the company and close out its POA&amp;Ms. A contractor can also engage its own assessor from its company page.</p>
      <Notice text={p.done ? 'Engagement recorded.' : null} />
      {p.rows.length ? (
        <Table
          caption="C3PAO engagements"
          head={
            <>
              <SortHeader label="Company" field="companyName" current={p.sort} base={p.base} />
              <th scope="col">HLO CAGE</th>
              <SortHeader label="C3PAO account" field="assessorEmail" current={p.sort} base={p.base} />
              <SortHeader label="Since" field="createdAt" current={p.sort} base={p.base} />
              <th scope="col">Engaged by</th>
            </>
          }
          paging={p.paging}
          base={p.base}
        >
          {p.rows.map((e) => (
            <tr>
              <th scope="row">
                <a href={`/admin/companies/${e.companyCage}`}>{e.companyName}</a>
              </th>
              <td class="ag-mono">{e.companyCage}</td>
              <td>{e.assessorEmail}</td>
              <td class="ag-nowrap">{e.createdAt.slice(0, 10)}</td>
              <td>{e.createdByEmail ?? '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          <p>No C3PAO is engaged with any company yet. Engage one below.</p>
        </EmptyState>
      )}
      <EngagementForm csrf={p.csrf} values={p.values} errors={p.errors} />
    </>
  );
}
