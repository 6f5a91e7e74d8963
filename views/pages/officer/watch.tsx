/** The watch list: contracts whose UIDs stop being current before their next option date, soonest first. */
import type { WatchEntry } from '../../../src/services/watch-list.js';
import { EmptyState } from '../../components/alerts.js';
import { ErrorSummary, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { SeverityTag } from '../../components/reasons.js';
import { ColumnHeads, Table, type Paging } from '../../components/table.js';
import { statusLabel } from '../../labels.js';
import { PlainList } from '../../components/plain-list.js';

/** One UID at risk: its status, how long it stays current, and why. */
function WatchedUid({ u }: { u: WatchEntry['uids'][number] }) {
  return (
    <>
      <span class="ag-mono">{u.uid}</span>: {u.status ? statusLabel(u.status.level, u.status.type) : 'not found'},{' '}
      {u.currentThrough ? `current through ${u.currentThrough}` : 'not current'}
      {u.reasons.map((r) => (
        <div class="ag-reason">
          <SeverityTag severity={r.severity} /> {r.message} <span class="ag-citation">{r.citation}</span>
        </div>
      ))}
    </>
  );
}

export function WatchListPage(p: { asOf: string; entries: WatchEntry[]; paging: Paging; base: string; values: FormValues; errors: FormErrors; exportHref: string }) {
  return (
    <>
      <h1>Watch list</h1>
      <p>
        Contracts with a CMMC UID that is not current, or stops being current, before the contract's next option date (DFARS 204.7503(c)), soonest
        first. As of <strong>{p.asOf}</strong>.
      </p>
      <form class="usa-form usa-form--large ag-noprint" method="get" action="/officer/watch" novalidate>
        <ErrorSummary errors={p.errors} />
        <TextField name="asOf" label='"As of" date' hint="YYYY-MM-DD; blank means today." values={p.values} errors={p.errors} maxlength={10} />
        <Submit label="Show" />
        <a class="usa-button usa-button--outline" href={p.exportHref}>
          Download CSV
        </a>
      </form>
      {p.entries.length ? (
        <Table
          caption="Contracts at risk at their next option, soonest lapse first"
          head={<ColumnHeads labels={['Contract', 'Contractor', 'Next option', 'First lapse', 'UIDs at risk']} />}
          paging={p.paging}
          base={p.base}
        >
          {p.entries.map((e) => (
            <tr>
              <th scope="row">
                <a class="ag-mono" href={`/officer/contracts/${e.contract.id}`}>
                  {e.contract.number}
                </a>
              </th>
              <td>
                {e.contract.contractorName} (<span class="ag-mono">{e.contract.cage}</span>)
              </td>
              <td class="ag-nowrap">
                {e.nextOption.label}: {e.nextOption.startDate}
              </td>
              <td class="ag-nowrap">{e.firstLapse ? `current through ${e.firstLapse}` : 'not current now'}</td>
              <td>
                <PlainList items={e.uids} item={(u) => <WatchedUid u={u} />} />
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          <p>No contract has a UID that lapses before its next option date. Contracts without a future option period are not watched.</p>
        </EmptyState>
      )}
    </>
  );
}
