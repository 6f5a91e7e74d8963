/** Reasons in plain words with their citation and severity; the same list on screen and in print. */
import type { Reason } from '../../src/domain/reasons.js';
import { SEVERITY_LABEL, STATUS_TYPE_LABEL } from '../labels.js';

export function SeverityTag({ severity }: { severity: Reason['severity'] }) {
  return <span class={`usa-tag ag-tag--${severity}`}>{SEVERITY_LABEL[severity]}</span>;
}

export function ReasonList({ reasons, empty }: { reasons: Reason[]; empty?: string }) {
  if (!reasons.length) return empty ? <p class="margin-y-05">{empty}</p> : null;
  return (
    <ul class="usa-list usa-list--unstyled">
      {reasons.map((r) => (
        <li class="ag-reason">
          <SeverityTag severity={r.severity} /> {r.message} <span class="ag-reason__code">({r.code})</span>{' '}
          <span class="ag-citation">{r.citation}</span>
        </li>
      ))}
    </ul>
  );
}

export function StatusTag({ type, current }: { type: 'FINAL' | 'CONDITIONAL' | 'NONE'; current: boolean }) {
  const label = type === 'NONE' ? STATUS_TYPE_LABEL.NONE : `${STATUS_TYPE_LABEL[type]}${current ? '' : ' (not current)'}`;
  return <span class={`usa-tag ${current ? 'ag-tag--ok' : 'ag-tag--error'}`}>{label}</span>;
}

/** Whether one UID (or one CAGE's NIST SP 800-171 assessment) meets what the check requires. */
export function MeetsTag({ meets }: { meets: boolean }) {
  return meets ? <span class="usa-tag ag-tag--ok">Meets</span> : <span class="usa-tag ag-tag--error">Fails</span>;
}

/** The verdict of a whole check. */
export function EligibleTag({ eligible }: { eligible: boolean }) {
  return eligible ? <span class="usa-tag ag-tag--ok">Eligible</span> : <span class="usa-tag ag-tag--error">Not eligible</span>;
}
