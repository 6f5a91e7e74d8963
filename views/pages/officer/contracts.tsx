/**
 * Contracts: created from an eligible award verification, with option periods and their dates; the
 * contract page (UIDs, option periods, recorded verifications). The contract actions are in
 * contract-actions.tsx.
 */
import type { Contract, ContractRow, OptionPeriod } from '../../../src/services/contracts.js';
import type { VerificationSummary } from '../../../src/services/verification-records.js';
import { EmptyState, SlimAlert } from '../../components/alerts.js';
import { Fact } from '../../components/facts.js';
import { Csrf, IdempotencyKey, ErrorSummary, SelectField, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { BackLink } from '../../components/links.js';
import { SearchList } from '../../components/search-list.js';
import { ColumnHeads, Table, type Column, type Paging } from '../../components/table.js';
import { LEVEL_LABEL, PURPOSE_LABEL } from '../../labels.js';
import { PlainList } from '../../components/plain-list.js';

export const OPTION_ROWS = 5;

export interface AwardChoice extends VerificationSummary {
  offerorName: string;
}

export function ContractFormPage({ csrf, values, errors, awards }: { csrf: string | null; values: FormValues; errors: FormErrors; awards: AwardChoice[] }) {
  return (
    <>
      <BackLink href="/officer/contracts">Back to contracts</BackLink>
      <h1>New contract from an award</h1>
      <p>
        A contract is created from an <strong>eligible</strong> award verification recorded from an offer (DFARS 204.7503(b)). Its CMMC level, NIST
        terms, contractor and UIDs come from that verification.
      </p>
      <ErrorSummary errors={errors} />
      {awards.length || values.awardVerificationId ? (
        <form class="usa-form usa-form--large" method="post" action="/officer/contracts" novalidate>
          <Csrf token={csrf} />
          <IdempotencyKey />
          <SelectField
            name="awardVerificationId"
            label="Award verification"
            empty="- Choose -"
            options={awards.map((a) => ({ value: a.id, label: `${a.solicitationNumber ?? ''}: ${a.offerorName}, checked as of ${a.asOf}` }))}
            values={values}
            errors={errors}
            required
          />
          <TextField name="number" label="Contract number" values={values} errors={errors} required maxlength={60} />
          <TextField name="awardDate" label="Award date" hint="YYYY-MM-DD" values={values} errors={errors} required maxlength={10} />
          <TextField name="basePeriodEnd" label="End of the base period" hint="YYYY-MM-DD" values={values} errors={errors} required maxlength={10} />
          <fieldset class="usa-fieldset margin-top-3">
            <legend class="usa-legend usa-legend--large">Option periods</legend>
            <p class="usa-hint">Leave the rows you do not need blank. More can be added on the contract page.</p>
            {Array.from({ length: OPTION_ROWS }, (_, i) => (
              <fieldset class="usa-fieldset margin-top-2">
                <legend class="usa-legend">Option period {i + 1}</legend>
                <div class="grid-row grid-gap">
                  <div class="tablet:grid-col-4">
                    <TextField name={`optionPeriods.${i}.label`} label="Label" hint={`Blank: "Option ${i + 1}"`} values={values} errors={errors} maxlength={60} />
                  </div>
                  <div class="tablet:grid-col-4">
                    <TextField name={`optionPeriods.${i}.startDate`} label="Start" hint="YYYY-MM-DD" values={values} errors={errors} maxlength={10} />
                  </div>
                  <div class="tablet:grid-col-4">
                    <TextField name={`optionPeriods.${i}.endDate`} label="End" hint="YYYY-MM-DD" values={values} errors={errors} maxlength={10} />
                  </div>
                </div>
              </fieldset>
            ))}
          </fieldset>
          <Submit label="Create contract" />
        </form>
      ) : (
        <EmptyState>
          <p>
            No eligible award verification is waiting for a contract. Check an offer on one of your <a href="/officer/solicitations">solicitations</a> and
            record its award verification first.
          </p>
        </EmptyState>
      )}
    </>
  );
}

type ContractListRow = ContractRow & { nextOption: OptionPeriod | null };

const CONTRACT_COLUMNS: Column<ContractListRow>[] = [
  {
    label: 'Contract number',
    sort: 'number',
    cell: (c) => (
      <a class="ag-mono" href={`/officer/contracts/${c.id}`}>
        {c.number}
      </a>
    ),
  },
  { label: 'Contractor', sort: 'contractorName', cell: (c) => c.contractorName },
  { label: 'CAGE', class: 'ag-mono', cell: (c) => c.cage },
  { label: 'Level', cell: (c) => LEVEL_LABEL[c.requiredLevel] },
  { label: 'Award date', sort: 'awardDate', class: 'ag-nowrap', cell: (c) => c.awardDate },
  { label: 'Next option', class: 'ag-nowrap', cell: (c) => (c.nextOption ? `${c.nextOption.label}: ${c.nextOption.startDate}` : '—') },
];

export function ContractListPage(p: { rows: ContractListRow[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; q: string; base: string }) {
  const none = (
    <>
      No contract yet. Contracts are created from a recorded, eligible award verification: <a href="/officer/contracts/new">create one</a>.
    </>
  );
  const add = { href: '/officer/contracts/new', label: 'New contract from an award' };
  return <SearchList title="Contracts" noun="contract" action="/officer/contracts" searchLabel="Search contracts by number, contractor or CAGE" add={add} q={p.q} columns={CONTRACT_COLUMNS} list={p} none={none} />;
}

function VerificationLink({ v }: { v: VerificationSummary }) {
  return (
    <a href={`/officer/verifications/${v.id}`}>
      {PURPOSE_LABEL[v.purpose]} as of {v.asOf}: {v.eligible ? 'eligible' : 'not eligible'}
    </a>
  );
}

export function ContractPage({ csrf, c, currentEnd, nextOptionId, saved, periodValues, periodErrors }: { csrf: string | null; c: Contract; currentEnd: string; nextOptionId: number | null; saved?: string; periodValues?: FormValues; periodErrors?: FormErrors }) {
  return (
    <>
      <BackLink href="/officer/contracts">Back to contracts</BackLink>
      <SlimAlert type="success" text={saved} />
      <h1>
        Contract <span class="ag-mono">{c.number}</span>
      </h1>
      <p class="usa-intro">{c.contractorName}</p>
      <dl class="ag-facts">
        <Fact term="CAGE / UEI" mono>
          {c.cage} / {c.uei}
        </Fact>
        <Fact term="Required CMMC level">{LEVEL_LABEL[c.requiredLevel]}</Fact>
        <Fact term="DFARS 252.204-7012">{c.nistApplies ? `Included: NIST SP 800-171 DoD Assessment checked${c.nistMaxAgeDays ? `, at most ${c.nistMaxAgeDays} days old` : ''}` : 'Not included'}</Fact>
        <Fact term="Award">
          {c.awardDate} · <VerificationLink v={c.award} />
        </Fact>
        <Fact term="Base period ends">{c.basePeriodEnd}</Fact>
        <Fact term="Performance currently ends">{currentEnd}</Fact>
      </dl>
      <div class="ag-noprint margin-y-2">
        <a class="usa-button" href={`/officer/contracts/${c.id}/option${nextOptionId ? `?period=${nextOptionId}` : ''}`}>
          Option verification
        </a>
        <a class="usa-button usa-button--outline" href={`/officer/contracts/${c.id}/extension`}>
          Extension verification
        </a>
        <a class="usa-button usa-button--outline" href={`/officer/contracts/${c.id}/new-uids`}>
          New UIDs during performance
        </a>
      </div>
      <h2>Option periods</h2>
      {c.optionPeriods.length ? (
        <Table caption={`Option periods of ${c.number}`} head={<ColumnHeads labels={['Option', 'Start', 'End', 'Verifications']} />}>
          {c.optionPeriods.map((p) => (
            <tr>
              <th scope="row">{p.label}</th>
              <td class="ag-nowrap">{p.startDate}</td>
              <td class="ag-nowrap">{p.endDate}</td>
              <td>
                {p.verifications.length ? (
                  <PlainList items={p.verifications} item={(v) => <VerificationLink v={v} />} />
                ) : (
                  <a class="ag-noprint" href={`/officer/contracts/${c.id}/option?period=${p.id}`}>
                    Verify {p.label}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          <p>No option period. Add one below if the contract has options.</p>
        </EmptyState>
      )}
      <details class="ag-noprint" open={!!periodErrors && Object.keys(periodErrors).length > 0}>
        <summary>Add an option period</summary>
        <form class="usa-form usa-form--large" method="post" action={`/officer/contracts/${c.id}/option-periods`} novalidate>
          <Csrf token={csrf} />
          <IdempotencyKey />
          <ErrorSummary errors={periodErrors ?? {}} />
          <TextField name="label" label="Label" hint={`For example "Option ${c.optionPeriods.length + 1}"`} values={periodValues} errors={periodErrors} required maxlength={60} />
          <TextField name="startDate" label="Start" hint="YYYY-MM-DD" values={periodValues} errors={periodErrors} required maxlength={10} />
          <TextField name="endDate" label="End" hint="YYYY-MM-DD" values={periodValues} errors={periodErrors} required maxlength={10} />
          <Submit label="Add option period" secondary />
        </form>
      </details>
      <h2>CMMC UIDs of the contract</h2>
      <Table caption={`UIDs the contractor relies on for ${c.number}`} head={<ColumnHeads labels={['UID', 'From', 'Added on', 'Verification']} />}>
        {c.uids.map((u) => (
          <tr>
            <th scope="row" class="ag-mono">
              <a href={`/uids?uid=${u.uid}`}>{u.uid}</a>
            </th>
            <td>{u.source === 'AWARD' ? 'The awarded offer' : 'Added during performance (DFARS 204.7503(d))'}</td>
            <td class="ag-nowrap">{u.addedOn}</td>
            <td>
              <a href={`/officer/verifications/${u.verificationId}`}>View</a>
            </td>
          </tr>
        ))}
      </Table>
      <h2>Verifications during performance</h2>
      {c.verifications.length ? (
        <ul class="usa-list">
          {c.verifications.map((v) => (
            <li>
              <VerificationLink v={v} />
              {v.extendedTo ? ` (extension to ${v.extendedTo})` : ''} · recorded by {v.recordedByEmail} at {v.recordedAt}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>
          <p>No option, extension or new-UID verification recorded yet.</p>
        </EmptyState>
      )}
    </>
  );
}
