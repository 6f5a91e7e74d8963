/**
 * Recorded verifications: the sortable list, one verification as stored (who, when, the inputs and
 * the explained verdict), and its print-ready contract-file record. What is shown comes from the
 * stored answer only, so later SPRS changes never alter it (rules §5).
 */
import type { RecordedVerification } from '../../../src/services/checks.js';
import type { VerificationLinks, VerificationSummary } from '../../../src/services/verification-records.js';
import { Alert } from '../../components/alerts.js';
import { CheckResult } from '../../components/check-result.js';
import { Fact } from '../../components/facts.js';
import { SelectField, type FormValues } from '../../components/form.js';
import { EligibleTag } from '../../components/reasons.js';
import { DataTable, type Column, type Paging } from '../../components/table.js';
import { labelOptions, LEVEL_LABEL, PURPOSE_LABEL } from '../../labels.js';

const VERIFICATION_COLUMNS: Column<VerificationSummary>[] = [
  { label: 'Recorded', sort: 'recordedAt', cell: (v) => <a href={`/officer/verifications/${v.id}`}>{v.recordedAt.replace('T', ' ').slice(0, 16)} UTC</a> },
  { label: 'Purpose', sort: 'purpose', cell: (v) => PURPOSE_LABEL[v.purpose] },
  { label: 'Contract', sort: 'contractNumber', class: 'ag-mono', cell: (v) => v.contractNumber ?? '—' },
  { label: 'Solicitation', sort: 'solicitationNumber', class: 'ag-mono', cell: (v) => v.solicitationNumber ?? '—' },
  { label: 'Offeror', sort: 'offerorName', cell: (v) => v.offerorName ?? '—' },
  { label: 'Offeror CAGE', class: 'ag-mono', cell: (v) => v.offerorCage ?? '—' },
  { label: 'As of', sort: 'asOf', class: 'ag-nowrap', cell: (v) => v.asOf },
  { label: 'Verdict', sort: 'eligible', cell: (v) => <EligibleTag eligible={v.eligible} /> },
  { label: 'Recorded by', cell: (v) => v.recordedByEmail },
];

export function VerificationListPage(p: { rows: VerificationSummary[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; filter: FormValues; base: string; exportHref: string }) {
  const filtered = !!(p.filter.number || p.filter.purpose);
  return (
    <>
      <h1>Recorded verifications</h1>
      <p>Immutable contract-file records of award, option, extension and new-UID verifications, newest first.</p>
      <form class="usa-form usa-form--large ag-noprint" method="get" action="/officer/verifications">
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-6">
            <label class="usa-label" for="f-number">
              Contract or solicitation number contains
            </label>
            <input class="usa-input" id="f-number" name="number" value={String(p.filter.number ?? '')} />
          </div>
          <div class="tablet:grid-col-6">
            <SelectField name="purpose" label="Purpose" empty="Any" options={labelOptions(PURPOSE_LABEL)} values={p.filter} />
          </div>
        </div>
        <button class="usa-button" type="submit">
          Filter
        </button>
        <a class="usa-button usa-button--outline" href={p.exportHref}>
          Download CSV
        </a>
      </form>
      <DataTable
        caption={`Recorded verifications${filtered ? ' (filtered)' : ''}`}
        columns={VERIFICATION_COLUMNS}
        list={p}
        empty={
          filtered ? (
            <p>No recorded verification matches the filter.</p>
          ) : (
            <p>
              No verification recorded yet. Check an offer on a <a href="/officer/solicitations">solicitation</a> and record its award verification.
            </p>
          )
        }
      />
    </>
  );
}

/** The inputs the verification was run with, and the officer's attestations, as stored. */
/** `reconstructedOn`: set when the "as of" date is before the day it was recorded (a reconstruction): that day. */
function RecordFacts({ v, links, reconstructedOn }: { v: RecordedVerification; links: VerificationLinks; reconstructedOn: string | null }) {
  const r = v.request;
  return (
    <dl class="ag-facts">
      <Fact term="Purpose">{PURPOSE_LABEL[v.purpose]}</Fact>
      <Fact term="Solicitation" mono ifPresent>{v.solicitationNumber}</Fact>
      <Fact term="Contract" mono ifPresent>{v.contractNumber}</Fact>
      {links.offer ? <Fact term="Offeror">{links.offer.offerorName}</Fact> : null}
      {links.optionPeriod ? (
        <Fact term="Option period">
          {links.optionPeriod.label}: {links.optionPeriod.startDate} to {links.optionPeriod.endDate}
        </Fact>
      ) : null}
      {links.extendedTo ? <Fact term="Extension to">{links.extendedTo}</Fact> : null}
      <Fact term="Offeror / contractor CAGE" mono>
        {v.offerorCage ?? '—'}
      </Fact>
      <Fact term="As of">
        {v.asOf}
        {reconstructedOn ? (
          <span class="usa-tag ag-tag--warning margin-left-1" id="reconstruction">
            Reconstruction: recorded on {reconstructedOn} as of an earlier date
          </span>
        ) : null}
      </Fact>
      <Fact term="Required level">{LEVEL_LABEL[v.requiredLevel]} or higher</Fact>
      <Fact term="UIDs given" mono>
        {r.uids.length ? r.uids.join(', ') : 'none'}
      </Fact>
      <Fact term="Look-ahead">
        {r.lookAheadDays ?? 60} days{r.lookAheadUntil ? `, and lapses before ${r.lookAheadUntil}` : ''}
      </Fact>
      <Fact term="NIST SP 800-171 (DFARS 252.204-7012)">
        {r.nist ? `checked for CAGE ${r.nist.cages.join(', ')}${r.nist.maxAgeDays ? `, at most ${r.nist.maxAgeDays} days old` : ', 3 years'}` : 'not part of this verification'}
      </Fact>
      {r.sam ? (
        <Fact term="SAM attestations (DFARS 217.207(c)(1))">
          Registration active: <strong>{r.sam.active ? 'yes' : 'no'}</strong>; UEI, CAGE, name and physical address match:{' '}
          <strong>{r.sam.ueiCageNameAddressMatch ? 'yes' : 'no'}</strong> (attested by {v.recordedBy} at {v.recordedAt})
        </Fact>
      ) : null}
      <Fact term="Recorded by">{v.recordedBy}</Fact>
      <Fact term="Recorded at">{v.recordedAt}</Fact>
    </dl>
  );
}

export function VerificationPage({ v, links, recorded, reconstructedOn }: { v: RecordedVerification; links: VerificationLinks; recorded?: boolean; reconstructedOn: string | null }) {
  const canCreateContract = v.purpose === 'AWARD' && v.eligible && links.offer && !links.contractFromAward;
  return (
    <>
      <p class="ag-noprint">
        <a href="/officer/verifications">All recorded verifications</a>
        {links.offer ? (
          <>
            {' · '}
            <a href={`/officer/offers/${links.offer.id}`}>The offer</a>
          </>
        ) : null}
        {links.contract ? (
          <>
            {' · '}
            <a href={`/officer/contracts/${links.contract.id}`}>Contract {links.contract.number}</a>
          </>
        ) : null}
        {links.contractFromAward ? (
          <>
            {' · '}
            <a href={`/officer/contracts/${links.contractFromAward.id}`}>Contract {links.contractFromAward.number}</a>
          </>
        ) : null}
      </p>
      {recorded ? (
        <Alert type="success" heading="Verification recorded">
          Stored as an immutable record. It answers the same whatever changes in SPRS later.
        </Alert>
      ) : null}
      <h1>
        Recorded verification: {PURPOSE_LABEL[v.purpose].toLowerCase()} {v.contractNumber ?? v.solicitationNumber ?? ''}
      </h1>
      <p class="ag-noprint">
        <a class="usa-button" href={`/officer/verifications/${v.verificationId}/print`}>
          Print-ready record
        </a>
        <a class="usa-button usa-button--outline" href={`/officer/verifications/${v.verificationId}/export`}>
          Download CSV
        </a>
        {canCreateContract ? (
          <a class="usa-button usa-button--accent-cool" href={`/officer/contracts/new?award=${v.verificationId}`}>
            Create the contract from this award
          </a>
        ) : null}
      </p>
      <RecordFacts v={v} links={links} reconstructedOn={reconstructedOn} />
      <CheckResult answer={v} lookAheadUntil={v.request.lookAheadUntil ?? null} title="Recorded verdict" />
    </>
  );
}

/** The contract-file record: everything on one printable page, with the integrity hash. */
export function VerificationPrintPage({ v, links, reconstructedOn }: { v: RecordedVerification; links: VerificationLinks; reconstructedOn: string | null }) {
  return (
    <article class="ag-print-record">
      <p class="ag-noprint">
        <a href={`/officer/verifications/${v.verificationId}`}>Back to the verification</a> · Use your browser's Print command; the navigation is left
        off the printout.
      </p>
      <h1>CMMC verification: contract-file record</h1>
      <p>
        DFARS 204.7503 verification of the CMMC status of {v.uids.length} UID{v.uids.length === 1 ? '' : 's'} for {PURPOSE_LABEL[v.purpose].toLowerCase()}. Verification{' '}
        <span class="ag-mono">{v.verificationId}</span>.
      </p>
      <RecordFacts v={v} links={links} reconstructedOn={reconstructedOn} />
      <CheckResult answer={v} lookAheadUntil={v.request.lookAheadUntil ?? null} title="Verdict" />
      <h2>Integrity</h2>
      <p>
        This record is immutable: the database refuses any change to it, and it is chained to the records before it by SHA-256. Record hash:{' '}
        <span class="ag-mono ag-break">{v.hash}</span>
      </p>
    </article>
  );
}
