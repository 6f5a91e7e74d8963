/**
 * The claims of a signed status attestation (api.md "Signed status attestations"; rules §7): the
 * company, its CAGE codes and, per UID, the status facts the issuing AwardGate computed on the issue
 * date. The same component shows a token just issued and a token just verified.
 */
import type { AttestationClaims, AttestedUid, SharedFlowdownCheck } from '../../src/services/attestations.js';
import { Fact } from './facts.js';
import { INFORMATION_LABEL, LEVEL_LABEL } from '../labels.js';
import { DecisionTag, UID_FACT_COLUMNS, UidFactCells, VerifiedTag } from './flowdown.js';
import { ColumnHeads, Table } from './table.js';

export function AttestedUidTable({ uids, caption }: { uids: AttestedUid[]; caption: string }) {
  return (
    <Table
      caption={caption}
      class="usa-table--borderless width-full"
      head={<ColumnHeads labels={[...UID_FACT_COLUMNS, 'On the issue date']} />}
    >
      {uids.map((u) => (
        <tr>
          <UidFactCells fact={u} />
          <td>
            {u.current ? <span class="usa-tag ag-tag--ok">Current</span> : <span class="usa-tag ag-tag--error">Not current</span>}
            {u.reasons.length ? <span class="ag-reason__code"> {u.reasons.join(', ')}</span> : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function SharedChecksTable({ checks }: { checks: SharedFlowdownCheck[] }) {
  if (!checks.length) return null;
  return (
    <Table
      caption="Flowdown checks this company recorded on its own subcontractors and shares with you"
      class="usa-table--borderless width-full"
      head={<ColumnHeads labels={['Prime contract', 'Subcontractor', 'Information', 'Sub minimum', 'Evidence', 'Decision', 'As of']} />}
    >
      {checks.map((c) => (
        <tr>
          <th scope="row">{c.primeContractNumber}</th>
          <td>
            {c.subcontractor.name} <span class="ag-mono">({c.subcontractor.cage})</span>
          </td>
          <td>{INFORMATION_LABEL[c.information]}</td>
          <td>{c.subMinimumLevel ? LEVEL_LABEL[c.subMinimumLevel] : 'none'}</td>
          <td>
            <VerifiedTag verified={c.verified} />
          </td>
          <td>
            <DecisionTag mayAward={c.mayAward} />
          </td>
          <td class="ag-nowrap">{c.asOf}</td>
        </tr>
      ))}
    </Table>
  );
}

export function AttestationClaimsView({ claims, kid, uidCaption }: { claims: AttestationClaims; kid?: string | null; uidCaption: string }) {
  const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
  return (
    <div class="ag-claims">
      <dl class="usa-list">
        <Fact term="Company">
          {claims.company.name} (HLO CAGE <span class="ag-mono">{claims.company.hloCage}</span>)
        </Fact>
        <Fact term="CAGE codes" mono>
          {claims.company.cages.join(', ')}
        </Fact>
        <Fact term="Issued on">{claims.issuedOn}</Fact>
        <Fact term="Valid through">{claims.validThrough}</Fact>
        <Fact term="For">{aud ? <>the prime with CAGE <span class="ag-mono">{aud}</span> only</> : 'anyone it is shared with'}</Fact>
        <Fact term="Attestation id" mono>
          {claims.jti}
        </Fact>
        {kid ? (
          <Fact term="Signing key" mono>
            {kid}
          </Fact>
        ) : null}
      </dl>
      <AttestedUidTable uids={claims.uids} caption={uidCaption} />
      <SharedChecksTable checks={claims.flowdownChecks ?? []} />
    </div>
  );
}
