/**
 * Flowdown pieces (rules §7; 32 CFR 170.23): the sub's minimum level with its explanation, and the
 * decision on a subcontractor with the evidence's facts and every reason. The same panel shows a
 * preview before recording, the recorded (immutable) check and its print-out.
 */
import type { FlowdownFact, FlowdownMinimum } from '../../src/domain/flowdown.js';
import { EVIDENCE_LABEL, INFORMATION_LABEL, LEVEL_LABEL, statusLabel } from '../labels.js';
import type { FlowdownCheckPreview, PresentedFlowdownCheck } from '../../src/services/flowdown.js';
import { Fact } from './facts.js';
import { MeetsTag, ReasonList } from './reasons.js';
import { ColumnHeads, Table } from './table.js';

export function DecisionTag({ mayAward }: { mayAward: boolean }) {
  return mayAward ? <span class="usa-tag ag-tag--ok">May award</span> : <span class="usa-tag ag-tag--error">May not award</span>;
}

export function VerifiedTag({ verified }: { verified: boolean }) {
  return verified ? <span class="usa-tag ag-tag--ok">Verified</span> : <span class="usa-tag ag-tag--warning">Unverified</span>;
}

/** The htmx target of the prime-level / information selects: rules §7 table row for the choice. */
export function MinimumLevelHint({ minimum }: { minimum: FlowdownMinimum | null }) {
  return (
    <div id="minimum-hint" class="usa-summary-box margin-y-2" aria-live="polite">
      <div class="usa-summary-box__body">
        <h3 class="usa-summary-box__heading">Subcontractor's minimum level</h3>
        <div class="usa-summary-box__text">
          {minimum ? (
            <>
              <p class="margin-y-05">
                <strong>{minimum.subMinimumLevel ? `${LEVEL_LABEL[minimum.subMinimumLevel]} or higher` : 'None: CMMC does not flow down'}</strong>
                {minimum.mismatch ? (
                  <>
                    {' '}
                    <span class="usa-tag ag-tag--warning">Prime level mismatch</span>
                  </>
                ) : null}
              </p>
              <p class="margin-y-05">{minimum.explanation}</p>
              <p class="margin-y-05 ag-citation">{minimum.citation}</p>
            </>
          ) : (
            <p class="margin-y-05">Choose the prime contract's level and what information the subcontractor will handle to see the minimum level (32 CFR 170.23).</p>
          )}
        </div>
      </div>
    </div>
  );
}

/** The status facts of one UID as a signed attestation carries them, or as the prime typed them from other evidence. */
export const UID_FACT_COLUMNS = ['UID', 'Level', 'Status', 'Status date', 'Current through', 'Latest affirmation'];

export function UidFactCells({ fact }: { fact: Pick<FlowdownFact, 'uid' | 'level' | 'type' | 'statusDate' | 'currentThrough' | 'latestAffirmationDate'> }) {
  return (
    <>
      <th scope="row" class="ag-mono">
        {fact.uid}
      </th>
      <td>{LEVEL_LABEL[fact.level]}</td>
      <td>{statusLabel(fact.level, fact.type)}</td>
      <td class="ag-nowrap">{fact.statusDate}</td>
      <td class="ag-nowrap">{fact.currentThrough ?? 'not current'}</td>
      <td class="ag-nowrap">{fact.latestAffirmationDate ?? 'none'}</td>
    </>
  );
}

export type FlowdownCheckView = FlowdownCheckPreview & Partial<Pick<PresentedFlowdownCheck, 'id' | 'decidedBy' | 'decidedAt'>>;

function FactsTable({ check }: { check: FlowdownCheckView }) {
  const facts: FlowdownFact[] = check.evidence.facts;
  if (!facts.length) return <p>The evidence names no UID of the subcontractor.</p>;
  const row = (uid: string) => check.uids.find((u) => u.uid === uid);
  return (
    <Table
      caption={check.evidence.verified ? 'Verified facts from the signed attestation' : 'Facts as typed from the evidence (unverified)'}
      id="evidence-facts"
      class="usa-table--borderless width-full"
      head={<ColumnHeads labels={[...UID_FACT_COLUMNS, 'Meets the minimum']} />}
    >
      {facts.map((f) => {
        const r = row(f.uid);
        return (
          <tr>
            <UidFactCells fact={f} />
            <td>{r ? <MeetsTag meets={r.meets} /> : '—'}</td>
          </tr>
        );
      })}
    </Table>
  );
}

/** The decision with the evidence and every reason; `recorded` adds who decided and when. */
export function FlowdownDecisionPanel({ check, headingId = 'decision-heading', focus }: { check: FlowdownCheckView; headingId?: string; focus?: boolean }) {
  const lookAhead = check.reasons.filter((r) => r.code === 'EXPIRES_WITHIN');
  const others = check.reasons.filter((r) => r.code !== 'EXPIRES_WITHIN');
  const att = check.evidence.attestation;
  return (
    <section aria-labelledby={headingId} class={check.mayAward ? 'ag-verdict--ok' : 'ag-verdict--fail'} id="flowdown-decision">
      <h2 id={headingId} tabindex={-1} autofocus={focus}>
        Decision: {check.mayAward ? 'may award the subcontract' : 'may not award the subcontract'}
      </h2>
      <dl class="usa-list">
        <Fact term="Prime contract">
          {check.primeContractNumber} · {LEVEL_LABEL[check.primeLevel]} · prime CAGE <span class="ag-mono">{check.primeCage}</span>
        </Fact>
        <Fact term="Subcontractor">
          {check.subcontractor.name} <span class="ag-mono">({check.subcontractor.cage})</span>
        </Fact>
        <Fact term="Information on the sub's systems">{INFORMATION_LABEL[check.information]}</Fact>
        <Fact term="Sub's minimum level">
          <strong>{check.subMinimumLevel ? `${LEVEL_LABEL[check.subMinimumLevel]} or higher` : 'None: CMMC does not flow down'}</strong>. {check.explanation}{' '}
          <span class="ag-citation">{check.citation}</span>
        </Fact>
        <Fact term="Decision date (as of)">{check.asOf}</Fact>
        <Fact term="Evidence current through">{check.evidenceCurrentThrough ?? '—'}</Fact>
        {check.decidedBy ? (
          <>
            <Fact term="Decided by">{check.decidedBy}</Fact>
            <Fact term="Recorded at">{check.decidedAt?.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</Fact>
          </>
        ) : null}
      </dl>

      <h3>Evidence</h3>
      <p>
        {check.evidence.kind ? EVIDENCE_LABEL[check.evidence.kind] : 'No evidence given'} <VerifiedTag verified={check.evidence.verified} />
        {check.evidence.reference ? <> · reference {check.evidence.reference}</> : null}
      </p>
      {att ? (
        <p>
          Signed by this AwardGate instance for {att.company.name} (CAGE <span class="ag-mono">{att.company.cages.join(', ')}</span>), issued {att.issuedOn ?? '—'}, valid
          through {att.validThrough ?? '—'}
          {att.audience ? <>, addressed to CAGE <span class="ag-mono">{att.audience}</span></> : null}. Attestation <span class="ag-mono">{att.jti}</span>.
        </p>
      ) : check.evidence.kind ? (
        <p>These facts were typed by the prime from what the subcontractor shared; AwardGate could not verify them.</p>
      ) : null}
      <FactsTable check={check} />

      <h3>Every reason</h3>
      <ReasonList reasons={others} empty="No reason against the award." />
      {lookAhead.length ? (
        <>
          <h3>Look-ahead warnings</h3>
          <ReasonList reasons={lookAhead} />
        </>
      ) : null}
      {check.sharedCheckIds.length ? (
        <>
          <h3>Shared by the subcontractor</h3>
          <ul class="usa-list">
            {check.sharedCheckIds.map((id) => (
              <li>
                <a href={`/flowdown/checks/${id}`}>Flowdown check {id.slice(0, 8)}</a> on one of its own subcontractors
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
