/**
 * Company and CAGE records (administrators; issue 10): the list (search, sort, pages) and one
 * record with its company's CAGE hierarchy, UEI, SAM status and the C3PAOs engaged with it.
 */
import { EmptyState } from '../../components/alerts.js';
import { FactList } from '../../components/facts.js';
import { ColumnHeads, SortHeader, Table, type Paging } from '../../components/table.js';

export interface CompanyRow {
  cage: string;
  hloCage: string;
  name: string;
  uei: string | null;
  samActive: boolean;
  address: string | null;
  updatedAt: string;
  createdByEmassRun: number | null;
}

export interface EngagementRow {
  id: number;
  companyCage: string;
  companyName: string;
  assessorEmail: string;
  createdAt: string;
  createdByEmail: string | null;
}

const sam = (active: boolean) => (active ? 'Active' : <span class="usa-tag ag-tag--error">Inactive</span>);

export function CompaniesPage(p: { rows: CompanyRow[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; search: string; base: string }) {
  return (
    <>
      <h1>Companies and CAGE codes</h1>
      <p>Each CAGE code belongs to a company, named by its Highest Level Owner (HLO). Records come from SAM through the bulk import or the eMASS feed.</p>
      <form class="usa-search usa-search--small" role="search" method="get" action="/admin/companies">
        <label class="usa-label" for="f-q">
          CAGE code, UEI or part of the name
        </label>
        <input class="usa-input" id="f-q" name="q" type="search" value={p.search} />
        <button class="usa-button" type="submit">
          Search
        </button>
      </form>
      {p.rows.length ? (
        <Table
          caption={p.search ? `CAGE records matching ${p.search}` : 'CAGE records'}
          head={
            <>
              <SortHeader label="CAGE" field="cage" current={p.sort} base={p.base} />
              <SortHeader label="Name" field="name" current={p.sort} base={p.base} />
              <SortHeader label="HLO" field="hloCage" current={p.sort} base={p.base} />
              <th scope="col">UEI</th>
              <SortHeader label="SAM registration" field="samActive" current={p.sort} base={p.base} />
            </>
          }
          paging={p.paging}
          base={p.base}
        >
          {p.rows.map((c) => (
            <tr>
              <th scope="row" class="ag-mono">
                <a href={`/admin/companies/${c.cage}`}>{c.cage}</a>
              </th>
              <td>{c.name}</td>
              <td class="ag-mono">{c.hloCage === c.cage ? `${c.hloCage} (itself)` : c.hloCage}</td>
              <td class="ag-mono">{c.uei ?? '—'}</td>
              <td>{sam(c.samActive)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          {p.search ? (
            <p>No CAGE record matches “{p.search}”.</p>
          ) : (
            <p>
              No company yet. Load SAM company and CAGE records with the <a href="/admin/import">bulk import</a>.
            </p>
          )}
        </EmptyState>
      )}
    </>
  );
}

export function CompanyPage(p: { company: CompanyRow; hierarchy: CompanyRow[]; engagements: EngagementRow[]; uids: number }) {
  const c = p.company;
  return (
    <>
      <h1>
        {c.name} <span class="ag-mono">{c.cage}</span>
      </h1>
      <p>
        <a href="/admin/companies">All companies</a>
      </p>
      <FactList
        facts={[
          { term: 'CAGE code', value: c.cage, mono: true },
          { term: 'Highest Level Owner', value: c.hloCage === c.cage ? `${c.hloCage} (this record)` : <a href={`/admin/companies/${c.hloCage}`}>{c.hloCage}</a>, mono: true },
          { term: 'UEI', value: c.uei ?? '—', mono: true },
          { term: 'SAM registration', value: sam(c.samActive) },
          { term: 'Address', value: c.address ?? '—' },
          { term: 'UIDs the company owns', value: p.uids ? <a href={`/uids?uid=${c.hloCage}`}>{p.uids}</a> : '0' },
          { term: 'Record updated', value: `${c.updatedAt.replace('T', ' ').slice(0, 16)} UTC${c.createdByEmassRun ? ` (created by eMASS feed run ${c.createdByEmassRun})` : ''}` },
        ]}
      />
      <h2 id="hierarchy-heading">CAGE hierarchy</h2>
      <Table labelledBy="hierarchy-heading" head={<ColumnHeads labels={['CAGE', 'Name', 'UEI', 'SAM registration']} />}>
        {p.hierarchy.map((h) => (
          <tr>
            <th scope="row" class="ag-mono">
              {h.cage === c.cage ? h.cage : <a href={`/admin/companies/${h.cage}`}>{h.cage}</a>}
              {h.cage === h.hloCage ? ' (HLO)' : ''}
            </th>
            <td>{h.name}</td>
            <td class="ag-mono">{h.uei ?? '—'}</td>
            <td>{sam(h.samActive)}</td>
          </tr>
        ))}
      </Table>
      <h2 id="engaged-heading">C3PAOs engaged</h2>
      {p.engagements.length ? (
        <Table labelledBy="engaged-heading" head={<ColumnHeads labels={['Assessor account', 'Since', 'Engaged by']} />}>
          {p.engagements.map((e) => (
            <tr>
              <th scope="row">{e.assessorEmail}</th>
              <td class="ag-nowrap">{e.createdAt.slice(0, 10)}</td>
              <td>{e.createdByEmail ?? '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          <p>
            No C3PAO is engaged with this company. <a href={`/admin/engagements?companyCage=${c.hloCage}`}>Engage one</a>.
          </p>
        </EmptyState>
      )}
    </>
  );
}
