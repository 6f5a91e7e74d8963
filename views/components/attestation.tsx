/**
 * The claims of a signed status attestation (api.md "Signed status attestations"; rules §7): the
 * company, its CAGE codes and, per UID, the status facts the issuing AwardGate computed on the issue
 * date. The same component shows a token just issued and a token just verified.
 */
import type { AttestationClaims, AttestedUid, SharedFlowdownCheck } from '../../src/services/attestations.js';
import { LEVEL_LABEL, statusLabel } from '../../src/domain/levels.js';
import { DecisionTag, INFORMATION_LABEL, VerifiedTag } from './flowdown.js';

export function AttestedUidTable({ uids, caption }: { uids: AttestedUid[]; caption: string }) {
  return (
    <table class="usa-table usa-table--borderless width-full">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">UID</th>
          <th scope="col">Level</th>
          <th scope="col">Status</th>
          <th scope="col">Status date</th>
          <th scope="col">Current through</th>
          <th scope="col">Latest affirmation</th>
          <th scope="col">On the issue date</th>
        </tr>
      </thead>
      <tbody>
        {uids.map((u) => (
          <tr>
            <th scope="row" class="ag-mono">
              {u.uid}
            </th>
            <td>{LEVEL_LABEL[u.level]}</td>
            <td>{statusLabel(u.level, u.type)}</td>
            <td class="ag-nowrap">{u.statusDate}</td>
            <td class="ag-nowrap">{u.currentThrough ?? 'not current'}</td>
            <td class="ag-nowrap">{u.latestAffirmationDate ?? 'none'}</td>
            <td>
              {u.current ? <span class="usa-tag ag-tag--ok">Current</span> : <span class="usa-tag ag-tag--error">Not current</span>}
              {u.reasons.length ? <span class="ag-reason__code"> {u.reasons.join(', ')}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SharedChecksTable({ checks }: { checks: SharedFlowdownCheck[] }) {
  if (!checks.length) return null;
  return (
    <table class="usa-table usa-table--borderless width-full">
      <caption>Flowdown checks this company recorded on its own subcontractors and shares with you</caption>
      <thead>
        <tr>
          <th scope="col">Prime contract</th>
          <th scope="col">Subcontractor</th>
          <th scope="col">Information</th>
          <th scope="col">Sub minimum</th>
          <th scope="col">Evidence</th>
          <th scope="col">Decision</th>
          <th scope="col">As of</th>
        </tr>
      </thead>
      <tbody>
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
      </tbody>
    </table>
  );
}

export function AttestationClaimsView({ claims, kid, uidCaption }: { claims: AttestationClaims; kid?: string | null; uidCaption: string }) {
  const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
  return (
    <div class="ag-claims">
      <dl class="usa-list">
        <dt>Company</dt>
        <dd>
          {claims.company.name} (HLO CAGE <span class="ag-mono">{claims.company.hloCage}</span>)
        </dd>
        <dt>CAGE codes</dt>
        <dd class="ag-mono">{claims.company.cages.join(', ')}</dd>
        <dt>Issued on</dt>
        <dd>{claims.issuedOn}</dd>
        <dt>Valid through</dt>
        <dd>{claims.validThrough}</dd>
        <dt>For</dt>
        <dd>{aud ? <>the prime with CAGE <span class="ag-mono">{aud}</span> only</> : 'anyone it is shared with'}</dd>
        <dt>Attestation id</dt>
        <dd class="ag-mono">{claims.jti}</dd>
        {kid ? (
          <>
            <dt>Signing key</dt>
            <dd class="ag-mono">{kid}</dd>
          </>
        ) : null}
      </dl>
      <AttestedUidTable uids={claims.uids} caption={uidCaption} />
      <SharedChecksTable checks={claims.flowdownChecks ?? []} />
    </div>
  );
}
