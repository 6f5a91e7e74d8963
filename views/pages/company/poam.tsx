/** POA&M items of Conditional statuses with the 180-day closeout deadline counting down (32 CFR 170.21(b)). */
import { calendar } from '../../../src/domain/calendar.js';
import { LEVEL_LABEL } from '../../../src/domain/levels.js';
import { requirementById } from '../../../src/domain/requirements.js';
import type { CompanyRecord } from '../../../src/services/contractor.js';
import { EmptyState } from '../../components/alerts.js';

export function PoamPage({ rows }: { rows: CompanyRecord[] }) {
  const period = calendar.validity.CONDITIONAL.days!;
  return (
    <>
      <h1>POA&amp;M</h1>
      <p class="usa-intro">
        A Conditional status must close out its POA&amp;M within {period} days of its status date, once. All items met → Final with the same UID and status date;
        otherwise the status ends. After day {period} no closeout is accepted and the Conditional status expires.
      </p>
      {rows.length ? (
        <table class="usa-table usa-table--striped" aria-label="Open POA&amp;Ms">
          <thead>
            <tr>
              <th scope="col">UID</th>
              <th scope="col">Level and scope</th>
              <th scope="col">Status date</th>
              <th scope="col">Close out by</th>
              <th scope="col">Items</th>
              <th scope="col">
                <span class="usa-sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const left = r.closeoutDaysLeft!;
              return (
                <tr>
                  <th scope="row">
                    <a href={`/company/uids/${r.rec.uid}`} class="ag-mono">
                      {r.rec.uid}
                    </a>
                  </th>
                  <td>
                    {LEVEL_LABEL[r.rec.level]}
                    <br />
                    <span class="ag-citation">{r.rec.scope}</span>
                  </td>
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
                            <span class="ag-mono">{id}</span> {requirementById(id)?.name ?? ''}
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
                        Close out<span class="usa-sr-only"> UID {r.rec.uid}</span>
                      </a>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <EmptyState>No open POA&amp;M. Conditional statuses with items to close out appear here.</EmptyState>
      )}
    </>
  );
}
