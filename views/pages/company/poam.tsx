/** POA&M items of Conditional statuses with the 180-day closeout deadline counting down (32 CFR 170.21(b)). */
import type { Level } from '../../../src/domain/levels.js';
import type { CompanyRecord } from '../../../src/services/contractor.js';
import { EmptyState } from '../../components/alerts.js';
import { CompanyUidHeader, LevelAndScope } from '../../components/company-uid.js';
import { ColumnHeads, Table } from '../../components/table.js';
import { CONDITIONAL_DAYS, requirementName } from '../../labels.js';

/** `mayClose`: whether the company itself closes out this level (only Level 2 (Self), rules §6). */
export function PoamPage({ rows, mayClose }: { rows: CompanyRecord[]; mayClose: (level: Level) => boolean }) {
  const period = CONDITIONAL_DAYS;
  return (
    <>
      <h1>POA&amp;M</h1>
      <p class="usa-intro">
        A Conditional status must close out its POA&amp;M within {period} days of its status date, once. All items met → Final with the same UID and status date;
        otherwise the status ends. After day {period} no closeout is accepted and the Conditional status expires.
      </p>
      {rows.length ? (
        <Table label="Open POA&amp;Ms" head={<ColumnHeads labels={['UID', 'Level and scope', 'Status date', 'Close out by', 'Items']} action="Action" />}>
          {rows.map((r) => {
            const left = r.closeoutDaysLeft!;
            return (
              <tr>
                <CompanyUidHeader uid={r.rec.uid} />
                <LevelAndScope level={r.rec.level} scope={r.rec.scope} />
                <td>{r.rec.statusDate}</td>
                <td>
                  {r.closeoutBy}
                  <span class={`display-block usa-tag ${left < 0 ? 'ag-tag--error' : left <= 30 ? 'ag-tag--warning' : 'ag-tag--info'}`}>
                    {left < 0 ? 'Window ended' : `${left} ${left === 1 ? 'day' : 'days'} left`}
                  </span>
                </td>
                <td>
                  {r.rec.poam.length ? (
                    <ul class="usa-list usa-list--unstyled">
                      {r.rec.poam.map((id) => (
                        <li>
                          <span class="ag-mono">{id}</span> {requirementName(id)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    'Imported without a POA&M list'
                  )}
                </td>
                <td>
                  {left >= 0 ? (
                    <a href={`/company/uids/${r.rec.uid}#closeout`}>
                      {mayClose(r.rec.level) ? 'Close out' : r.rec.level === 'L2_C3PAO' ? 'Your C3PAO closes out' : 'DIBCAC closes out'}
                      <span class="usa-sr-only"> UID {r.rec.uid}</span>
                    </a>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </Table>
      ) : (
        <EmptyState>No open POA&amp;M. Conditional statuses with items to close out appear here.</EmptyState>
      )}
    </>
  );
}
