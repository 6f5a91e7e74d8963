/**
 * POA&M closeouts in the assessor workspace (api.md closeouts; 32 CFR 170.21(b)): whoever may post the
 * level for the company closes out its POA&M, so a C3PAO closes out any engaged company's Level 2
 * (C3PAO) Conditional status, also one another C3PAO posted; DIBCAC its Level 3.
 */
import type { Level } from '../../../src/domain/levels.js';
import { EmptyState, SlimAlert } from '../../components/alerts.js';
import { CloseoutForm, type CloseoutFormProps } from '../../components/closeout-form.js';
import { ColumnHeads, Table } from '../../components/table.js';
import { LEVEL_LABEL } from '../../labels.js';
import { UidRecord } from '../uid-lookup.js';

type RecordShown = Parameters<typeof UidRecord>[0]['rec'];

/** An open POA&M as the list shows it. */
export interface OpenPoamRow {
  uid: string;
  level: Level;
  statusDate: string;
  companyName: string;
  closeoutBy: string;
  daysLeft: number;
}

export function CloseoutsPage({ open }: { open: OpenPoamRow[] }) {
  return (
    <>
      <p>
        <a href="/assessor">← Post results</a>
      </p>
      <h1>POA&amp;M closeouts</h1>
      <p class="usa-intro">Conditional statuses you may close out, soonest deadline first. A closeout re-assesses exactly the POA&amp;M items, once.</p>
      {open.length ? (
        <Table label="POA&amp;Ms you may close out" head={<ColumnHeads labels={['UID', 'Company', 'Level', 'Status date', 'Close out by']} action="Action" />}>
          {open.map((o) => (
            <tr>
              <th scope="row" class="ag-mono">
                {o.uid}
              </th>
              <td>{o.companyName}</td>
              <td>{LEVEL_LABEL[o.level]}</td>
              <td>{o.statusDate}</td>
              <td>
                {o.closeoutBy} ({o.daysLeft} {o.daysLeft === 1 ? 'day' : 'days'} left)
              </td>
              <td>
                <a href={`/assessor/closeouts/${o.uid}`}>
                  Close out<span class="usa-sr-only"> UID {o.uid}</span>
                </a>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No open POA&amp;M you may close out.</EmptyState>
      )}
    </>
  );
}

/** The form's own fields pass through; the deadline is null once the closeout window has passed. */
export interface CloseoutPageProps extends Pick<CloseoutFormProps, 'period' | 'csrf' | 'values' | 'errors' | 'answers' | 'stillNotMet'> {
  rec: RecordShown;
  companyName: string;
  closeoutBy: string | null;
  daysLeft: number | null;
  notice: string | null;
}

export function CloseoutPage(p: CloseoutPageProps) {
  return (
    <>
      <p>
        <a href="/assessor/closeouts">← POA&amp;M closeouts</a>
      </p>
      <h1>
        Close out the POA&amp;M of <span class="ag-mono">{p.rec.uid}</span>
      </h1>
      <p>
        {p.companyName} · {LEVEL_LABEL[p.rec.level]}
      </p>
      <SlimAlert type="success" text={p.notice} />
      <UidRecord rec={p.rec} />
      <section aria-labelledby="closeout-heading" class="margin-top-4" id="closeout">
        <h2 id="closeout-heading">POA&amp;M closeout</h2>
        {p.closeoutBy !== null && p.daysLeft !== null && p.daysLeft >= 0 ? (
          <CloseoutForm
            action={`/assessor/closeouts/${p.rec.uid}`}
            uid={p.rec.uid}
            level={p.rec.level}
            poam={p.rec.poam}
            statusDate={p.rec.statusDate}
            closeoutBy={p.closeoutBy}
            daysLeft={p.daysLeft}
            period={p.period}
            csrf={p.csrf}
            values={p.values}
            errors={p.errors}
            answers={p.answers}
            stillNotMet={p.stillNotMet}
          />
        ) : (
          <p>{p.rec.closeout ? `Closed out on ${p.rec.closeout.date}; a closeout happens once.` : 'No POA&M is open on this UID.'}</p>
        )}
      </section>
    </>
  );
}
