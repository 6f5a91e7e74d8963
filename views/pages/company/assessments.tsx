/** The company's assessments (every UID, sortable and paged), drafts in progress, and NIST SP 800-171 postings. */
import type { Level } from '../../../src/domain/levels.js';
import type { PresentedNist } from '../../../src/services/nist-postings.js';
import type { PresentedRecord } from '../../../src/services/records.js';
import { EmptyState } from '../../components/alerts.js';
import { UID_COLUMNS } from '../../components/company-uid.js';
import { Csrf } from '../../components/form.js';
import { StatusTag } from '../../components/reasons.js';
import { ColumnHeads, DataTable, Table, type Paging } from '../../components/table.js';
import { LEVEL_LABEL } from '../../labels.js';

export const RECORD_SORTS = ['statusDate', 'uid', 'level', 'scope', 'status', 'currentThrough'] as const;
export type RecordSort = (typeof RECORD_SORTS)[number];

export interface AssessmentsPageProps {
  records: PresentedRecord[];
  paging: Paging;
  sort: { sort: RecordSort; dir: 'asc' | 'desc' };
  drafts: { id: number; level: Level; scope: string; answered: number; total: number; updatedAt: string }[];
  nist: PresentedNist[];
  csrf: string | null;
}

export function AssessmentsPage(p: AssessmentsPageProps) {
  const base = '/company/assessments';
  return (
    <>
      <h1>Assessments</h1>
      <ul class="usa-button-group margin-bottom-3">
        <li class="usa-button-group__item">
          <a class="usa-button" href="/company/assessments/new?level=L2_SELF">
            New Level 2 self-assessment
          </a>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/company/assessments/new?level=L1_SELF">
            New Level 1 self-assessment
          </a>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/company/nist/new">
            Post a NIST SP 800-171 Basic score
          </a>
        </li>
        <li class="usa-button-group__item">
          <a class="usa-button usa-button--outline" href="/company/poam">
            POA&amp;M deadlines
          </a>
        </li>
      </ul>

      <h2 id="drafts-heading">Drafts</h2>
      {p.drafts.length ? (
        <Table labelledBy="drafts-heading" head={<ColumnHeads labels={['Level', 'Scope', 'Answered', 'Saved']} action="Actions" />}>
          {p.drafts.map((d) => (
            <tr>
              <th scope="row">
                <a href={`/company/assessments/drafts/${d.id}`}>{LEVEL_LABEL[d.level]}</a>
              </th>
              <td>{d.scope || '—'}</td>
              <td>
                {d.answered} of {d.total}
              </td>
              <td>{d.updatedAt.slice(0, 16).replace('T', ' ')} UTC</td>
              <td>
                <form method="post" action={`/company/assessments/drafts/${d.id}/delete`}>
                  <Csrf token={p.csrf} />
                  <button type="submit" class="usa-button usa-button--unstyled">
                    Delete<span class="usa-sr-only"> draft {d.id}</span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No drafts. Answers you save without submitting appear here.</EmptyState>
      )}

      <h2 id="records-heading">Posted assessments</h2>
      <DataTable
        labelledBy="records-heading"
        columns={[
          UID_COLUMNS.uid,
          UID_COLUMNS.level,
          UID_COLUMNS.scope,
          { label: 'Status today', sort: 'status', cell: (r) => <StatusTag type={r.type} current={r.current} /> },
          UID_COLUMNS.statusDate,
          UID_COLUMNS.currentThrough,
          { label: 'Score', cell: (r) => r.score ?? '—' },
        ]}
        list={{ rows: p.records, paging: p.paging, sort: p.sort, base: `${base}?sort=${p.sort.sort}&dir=${p.sort.dir}` }}
        empty={
          <>
            No assessment posted yet. <a href="/company/assessments/new?level=L2_SELF">Start a Level 2 self-assessment</a>.
          </>
        }
      />

      <h2 id="nist-heading">NIST SP 800-171 DoD Assessments</h2>
      {p.nist.length ? (
        <Table
          labelledBy="nist-heading"
          head={<ColumnHeads labels={['Assessment date', 'Confidence', 'Score', '110 expected', 'CAGE codes', 'Plan', 'Counts through']} />}
        >
          {p.nist.map((n) => (
            <tr>
              <th scope="row">{n.assessmentDate}</th>
              <td>{n.confidence}</td>
              <td>{n.score}</td>
              <td>{n.fullImplementationDate ?? '—'}</td>
              <td class="ag-mono">{n.cages.join(', ')}</td>
              <td>{n.planDescription ?? '—'}</td>
              <td>{n.validThrough}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          No NIST SP 800-171 DoD Assessment posted. <a href="/company/nist/new">Post a Basic score</a>.
        </EmptyState>
      )}
    </>
  );
}
