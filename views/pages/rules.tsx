import { ASSUMPTIONS } from '../../src/domain/assumptions.js';
import { calendar } from '../../src/domain/calendar.js';
import { SEVERITY } from '../../src/domain/reasons.js';
import { ColumnHeads, Table } from '../components/table.js';

/** The rule basis shown to users: reason codes with their citations, and the product's assumptions. */
export function RulesPage() {
  return (
    <>
      <h1>Rules and assumptions</h1>
      <p class="usa-intro">
        Every verdict cites the paragraph it rests on. Where the regulation is silent or ambiguous, AwardGate takes the reading below and
        shows it as an assumption.
      </p>
      <h2>Assumptions (product decisions)</h2>
      <ul class="usa-list">
        {ASSUMPTIONS.map((a) => (
          <li id={`assumption-${a.id}`}>{a.text}</li>
        ))}
      </ul>
      <h2>Reason codes</h2>
      <Table caption="Reason codes of the award check and the rule each cites" head={<ColumnHeads labels={['Code', 'Severity', 'Citation']} />}>
        {Object.entries(SEVERITY).map(([code, sev]) => (
          <tr>
            <td class="ag-mono">{code}</td>
            <td>{sev}</td>
            <td>{calendar.citations[code]}</td>
          </tr>
        ))}
      </Table>
      <h2>Phase-in (32 CFR 170.3(e))</h2>
      <Table caption="Phases and the levels expected at award and at option exercise" class="" head={<ColumnHeads labels={['Phase', 'From', 'At award', 'At option']} />}>
        {calendar.phases.map((p) => (
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
