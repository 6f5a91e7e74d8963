/**
 * The explained verdict of an award / option / extension / new-UID check (rules §5): the verdict,
 * offer-level reasons, one row per UID (status, level, status date, current-through date and every
 * reason in plain words with its citation), the NIST SP 800-171 rows, the phase advisory
 * (32 CFR 170.3(e)) and the product's assumptions as footnotes. The same component renders a live
 * check, its htmx fragment, a recorded verification and the print-ready contract-file record.
 */
import type { Child } from 'hono/jsx';
import type { CheckAnswer, UidRow } from '../../src/domain/eligibility.js';
import type { NistRow } from '../../src/domain/nist.js';
import type { Reason } from '../../src/domain/reasons.js';
import { ASSUMPTION_OF, LEVEL_LABEL, NIST_CONFIDENCE_LABEL, PURPOSE_LABEL, STATUS_TYPE_LABEL } from '../labels.js';
import { MeetsTag, SeverityTag } from './reasons.js';
import { ColumnHeads, Table } from './table.js';

const counts = (a: CheckAnswer) => {
  const all = [...a.reasons, ...a.uids.flatMap((u) => u.reasons), ...a.nist.flatMap((n) => n.reasons)];
  return { errors: all.filter((r) => r.severity === 'error').length, warnings: all.filter((r) => r.severity === 'warning').length, notes: all.filter((r) => r.severity === 'info').length };
};

/** The number of an assumption's footnote for a reason code, if the reason rests on one. */
type Footnote = (code: string) => number | null;

function Reasons({ reasons, footnote, empty }: { reasons: Reason[]; footnote: Footnote; empty: string }) {
  if (!reasons.length) return <span>{empty}</span>;
  return (
    <ul class="usa-list usa-list--unstyled">
      {reasons.map((r) => {
        const n = footnote(r.code);
        return (
          <li class="ag-reason">
            <SeverityTag severity={r.severity} /> {r.message}{' '}
            {n ? (
              <sup>
                <a href={`#assumption-note-${n}`} aria-label={`Assumption ${n}`}>
                  {n}
                </a>
              </sup>
            ) : null}{' '}
            <span class="ag-citation">{r.citation}</span> <span class="ag-reason__code">({r.code})</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One checked row of the verdict (a UID or a CAGE's NIST assessment): what was checked, whether it
 * meets the requirement, its facts (`children`), then every reason against it, or `empty` when none.
 */
function CheckedRow({ head, meets, reasons, footnote, empty, children }: { head: string; meets: boolean; reasons: Reason[]; footnote: Footnote; empty: string; children: Child }) {
  return (
    <tr class={meets ? '' : 'ag-row--fail'}>
      <th scope="row" class="ag-mono">
        {head}
      </th>
      <td>
        <MeetsTag meets={meets} />
      </td>
      {children}
      <td class="ag-wrap ag-reasons-cell">
        <Reasons reasons={reasons} footnote={footnote} empty={empty} />
      </td>
    </tr>
  );
}

function UidRowView({ row, footnote }: { row: UidRow; footnote: Footnote }) {
  const s = row.status;
  return (
    <CheckedRow head={row.uid} meets={row.eligible} reasons={row.reasons} footnote={footnote} empty="Current and at the required level.">
      <td class="ag-wrap">
        {s ? STATUS_TYPE_LABEL[s.type] : row.reasons.some((r) => r.code === 'UID_INVALID_FORMAT') ? 'Not a UID' : 'Not found in SPRS'}
        {s?.supersededBy ? (
          <>
            <br />
            Superseded by <span class="ag-mono">{s.supersededBy}</span>
          </>
        ) : null}
      </td>
      <td>{s ? LEVEL_LABEL[s.level] : '—'}</td>
      <td class="ag-nowrap">{s?.statusDate ?? '—'}</td>
      <td class="ag-nowrap">{s?.currentThrough ?? 'not current'}</td>
    </CheckedRow>
  );
}

function NistRowView({ row, footnote }: { row: NistRow; footnote: Footnote }) {
  const a = row.assessment;
  return (
    <CheckedRow head={row.cage} meets={row.eligible} reasons={row.reasons} footnote={footnote} empty="Posted and within its maximum age.">
      <td>{a ? a.score : '—'}</td>
      <td>{a ? `${NIST_CONFIDENCE_LABEL[a.confidence]} (${a.confidenceLevel} confidence)` : '—'}</td>
      <td class="ag-nowrap">{a?.assessmentDate ?? '—'}</td>
      <td class="ag-nowrap">{a?.validThrough ?? '—'}</td>
      <td class="ag-nowrap">{a?.fullImplementationDate ?? '—'}</td>
    </CheckedRow>
  );
}

export interface CheckResultProps {
  answer: CheckAnswer;
  /** The look-ahead date the officer gave (planned award, next option), shown with the verdict. */
  lookAheadUntil?: string | null;
  /** Heading level 2 on pages; the print record nests it under its own heading. */
  title?: string;
}

export function CheckResult({ answer: a, lookAheadUntil, title }: CheckResultProps) {
  const c = counts(a);
  const used = [...a.reasons, ...a.uids.flatMap((u) => u.reasons), ...a.nist.flatMap((n) => n.reasons)].map((r) => ASSUMPTION_OF[r.code]).filter(Boolean);
  const footnote = (code: string) => {
    const id = ASSUMPTION_OF[code];
    const i = id ? a.assumptions.findIndex((x) => x.id === id) : -1;
    return i >= 0 ? i + 1 : null;
  };
  return (
    <section id="check-result" aria-labelledby="check-result-heading" class="margin-top-3">
      <div class={a.eligible ? 'ag-verdict--ok' : 'ag-verdict--fail'}>
        <h2 id="check-result-heading">
          {title ?? 'Verdict'}: {a.eligible ? 'eligible' : 'not eligible'} for {PURPOSE_LABEL[a.purpose].toLowerCase()}
        </h2>
        <p>
          As of <strong>{a.asOf}</strong>, required level <strong>{LEVEL_LABEL[a.requiredLevel]}</strong> or higher
          {a.offerorCage ? (
            <>
              , offeror CAGE <span class="ag-mono">{a.offerorCage}</span>
            </>
          ) : null}
          . {a.uids.length} UID{a.uids.length === 1 ? '' : 's'} checked: {a.uids.filter((u) => !u.eligible).length} failing. {c.errors} reason{c.errors === 1 ? '' : 's'} to fail,{' '}
          {c.warnings} warning{c.warnings === 1 ? '' : 's'}, {c.notes} note{c.notes === 1 ? '' : 's'}.
          {lookAheadUntil ? ` Lapses before ${lookAheadUntil} are warned of.` : ''}
        </p>
        {a.verificationId ? (
          <p>
            Recorded verification <span class="ag-mono">{a.verificationId}</span>
          </p>
        ) : null}
      </div>
      {a.reasons.length ? (
        <>
          <h3>About the whole {a.purpose === 'AWARD' ? 'offer' : 'action'}</h3>
          <Reasons reasons={a.reasons} footnote={footnote} empty="" />
        </>
      ) : null}
      <div class="usa-table-container--scrollable" tabindex={0} role="region" aria-label="CMMC UIDs checked">
        <Table
          caption={`CMMC UIDs checked as of ${a.asOf}`}
          class="usa-table--borderless ag-check-table"
          head={<ColumnHeads labels={['UID', 'Verdict', 'Status', 'Level', 'Status date', 'Current through', 'Reasons (with citation)']} />}
        >
          {a.uids.length ? (
            a.uids.map((u) => <UidRowView row={u} footnote={footnote} />)
          ) : (
            <tr>
              <td colspan={7}>No UID was listed.</td>
            </tr>
          )}
        </Table>
      </div>
      {a.nist.length ? (
        <div class="usa-table-container--scrollable" tabindex={0} role="region" aria-label="NIST SP 800-171 DoD Assessments">
          <Table
            caption="NIST SP 800-171 DoD Assessments (DFARS 252.204-7012 applies)"
            class="usa-table--borderless ag-check-table"
            head={<ColumnHeads labels={['CAGE', 'Verdict', 'Score', 'Confidence', 'Assessment date', 'Counts through', 'Score 110 expected', 'Reasons (with citation)']} />}
          >
            {a.nist.map((n) => (
              <NistRowView row={n} footnote={footnote} />
            ))}
          </Table>
        </div>
      ) : null}
      <h3>CMMC phase (advisory)</h3>
      <p>
        {a.phase.advisory}
        {a.phase.citation ? <span class="ag-citation"> {a.phase.citation}</span> : null}
      </p>
      <h3>Assumptions this verdict rests on</h3>
      <p class="usa-hint">Where the regulation is silent or ambiguous AwardGate takes these readings. Numbers in the reasons above point here.</p>
      <ol class="ag-footnotes">
        {a.assumptions.map((x, i) => (
          <li id={`assumption-note-${i + 1}`} class={used.includes(x.id) ? 'text-bold' : ''}>
            {x.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
