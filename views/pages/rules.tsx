import type { Phase } from '../../src/domain/calendar.js';
import type { ReasonCode, Severity } from '../../src/domain/reasons.js';
import { ColumnHeads, Table } from '../components/table.js';
import { REASON_LABEL, SEVERITY_LABEL } from '../labels.js';

export interface RulesPageProps {
  assumptions: readonly { id: string; text: string }[];
  /** The award check's reason codes from the registry, with the rule each cites. */
  reasons: { code: ReasonCode; severity: Severity; citation: string }[];
  phases: readonly Phase[];
}

/** The rule basis shown to users: reason codes with their citations, and the product's assumptions. */
export function RulesPage({ assumptions, reasons, phases }: RulesPageProps) {
  return (
    <>
      <h1>Rules and assumptions</h1>
      <p class="usa-intro">
        Every verdict cites the paragraph it rests on. Where the regulation is silent or ambiguous, AwardGate takes the reading below and
        shows it as an assumption.
      </p>
      <h2>Assumptions (product decisions)</h2>
      <ul class="usa-list">
        {assumptions.map((a) => (
          <li id={`assumption-${a.id}`}>{a.text}</li>
        ))}
      </ul>
      <h2>Reason codes</h2>
      <Table caption="Reason codes of the award check and the rule each cites" head={<ColumnHeads labels={['Code', 'Meaning', 'Severity', 'Citation']} />}>
        {reasons.map((r) => (
          <tr>
            <td class="ag-mono">{r.code}</td>
            <td>{REASON_LABEL[r.code]}</td>
            <td>{SEVERITY_LABEL[r.severity]}</td>
            <td>{r.citation}</td>
          </tr>
        ))}
      </Table>
      <h2>Phase-in (32 CFR 170.3(e))</h2>
      <Table caption="Phases and the levels expected at award and at option exercise" class="" head={<ColumnHeads labels={['Phase', 'From', 'At award', 'At option']} />}>
        {phases.map((p) => (
          <tr>
            <td>{p.phase}</td>
            <td>{p.start}</td>
            <td>{p.atAward.join(', ') || '—'}</td>
            <td>{p.atOption.join(', ') || '—'}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
