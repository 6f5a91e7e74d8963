/**
 * What a company issued (issue 10; issue 12 finding 9): each attestation, to whom, valid until and
 * its state, sortable and paged, with revoke behind a confirmation step (a revocation is permanent).
 */
import type { Child } from 'hono/jsx';
import { Alert, EmptyState, SlimAlert } from '../../components/alerts.js';
import { Csrf, ErrorSummary, TextArea, type FormErrors, type FormValues } from '../../components/form.js';
import { ConfirmPermanent, PermanentActions } from '../../components/second-step.js';
import { ColumnHeads, SortHeader, Table, type Paging } from '../../components/table.js';

/** One issued attestation as the list shows it (the service's summary, handed over as plain data). */
export interface IssuedAttestationSummary {
  jti: string;
  issuedOn: string;
  validThrough: string;
  audience: string | null;
  uids: string[];
  issuedBy: string;
  state: 'VALID' | 'EXPIRED' | 'REVOKED';
  revocation: { revokedOn: string; revokedBy: string; reason: string } | null;
  shareId: string | null;
}

export const ISSUED_SORTS = ['issuedOn', 'audience', 'validThrough', 'state'] as const;
export type IssuedSort = (typeof ISSUED_SORTS)[number];

const STATE_TAG: Record<IssuedAttestationSummary['state'], Child> = {
  VALID: <span class="usa-tag ag-tag--ok">Valid</span>,
  EXPIRED: <span class="usa-tag ag-tag--warning">Expired</span>,
  REVOKED: <span class="usa-tag ag-tag--error">Revoked</span>,
};

export function IssuedAttestationsPage(p: { rows: IssuedAttestationSummary[]; paging: Paging; base: string; sort: { sort: string; dir: 'asc' | 'desc' }; notice: string | null }) {
  return (
    <>
      <h1>Issued attestations</h1>
      <p class="usa-intro">
        The signed status attestations your company issued. Revoke one that should no longer be relied on: from then on it verifies as not valid, and no flowdown
        check accepts it. <a href="/attestations">Issue a new attestation</a>.
      </p>
      <SlimAlert type="success" text={p.notice} />
      {p.rows.length ? (
        <Table
          caption="Attestations your company issued"
          id="issued-attestations"
          paging={p.paging}
          base={p.base}
          head={
            <>
              <SortHeader label="Issued" field="issuedOn" current={p.sort} base={p.base} />
              <th scope="col">UIDs</th>
              <SortHeader label="To" field="audience" current={p.sort} base={p.base} />
              <SortHeader label="Valid through" field="validThrough" current={p.sort} base={p.base} />
              <SortHeader label="Status" field="state" current={p.sort} base={p.base} />
              <ColumnHeads labels={[]} action="Actions" />
            </>
          }
        >
          {p.rows.map((r) => (
            <tr>
              <th scope="row" class="ag-nowrap">
                {r.issuedOn}
              </th>
              <td class="ag-mono">{r.uids.join(', ')}</td>
              <td>{r.audience ? <span class="ag-mono">{r.audience}</span> : 'any prime'}</td>
              <td class="ag-nowrap">{r.validThrough}</td>
              <td>
                {STATE_TAG[r.state]}
                {r.revocation ? (
                  <span class="display-block usa-hint">
                    {r.revocation.revokedOn}: {r.revocation.reason}
                  </span>
                ) : null}
              </td>
              <td>
                {r.shareId ? (
                  <a href={`/attestations/shared/${r.shareId}`} class="display-block">
                    Verify<span class="usa-sr-only"> the attestation issued {r.issuedOn}</span>
                  </a>
                ) : null}
                {r.state === 'VALID' ? (
                  <a href={`/attestations/issued/${encodeURIComponent(r.jti)}/revoke`} class="display-block">
                    Revoke<span class="usa-sr-only"> the attestation issued {r.issuedOn}</span>
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          Your company has not issued an attestation yet. <a href="/attestations">Issue one</a> for a prime.
        </EmptyState>
      )}
    </>
  );
}

export const CONFIRM_REVOKE_MESSAGE = 'Confirm that you understand revoking is permanent';

/** The confirmation step before revoking: what will stop verifying, a reason, and the "I understand" checkbox. */
export function RevokeAttestationPage({ csrf, attestation: a, values, errors }: { csrf: string | null; attestation: IssuedAttestationSummary; values: FormValues; errors: FormErrors }) {
  return (
    <>
      <h1>Revoke an attestation</h1>
      <ErrorSummary errors={errors} />
      <dl class="usa-list">
        <dt>Issued</dt>
        <dd>
          {a.issuedOn} by {a.issuedBy}
        </dd>
        <dt>UIDs</dt>
        <dd class="ag-mono">{a.uids.join(', ')}</dd>
        <dt>To</dt>
        <dd>{a.audience ? <span class="ag-mono">{a.audience}</span> : 'any prime'}</dd>
        <dt>Valid through</dt>
        <dd>{a.validThrough}</dd>
      </dl>
      <Alert type="warning" heading="Revoking cannot be undone">
        From today this attestation verifies as not valid here, with your reason, and no flowdown check accepts it. A prime that already recorded a check keeps its
        record; tell it, and issue a fresh attestation if it still needs one.
      </Alert>
      <form method="post" action={`/attestations/issued/${encodeURIComponent(a.jti)}/revoke`} class="usa-form usa-form--large" novalidate>
        <Csrf token={csrf} />
        <TextArea name="reason" label="Why you revoke it" hint="The prime and anyone verifying the token will read this." values={values} errors={errors} rows={3} required />
        <ConfirmPermanent values={values} errors={errors} />
        <PermanentActions label="Revoke the attestation" secondary cancel={{ href: '/attestations/issued', label: 'Keep it' }} />
      </form>
    </>
  );
}
