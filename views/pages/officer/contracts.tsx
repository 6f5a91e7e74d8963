/**
 * Contracts: created from an eligible award verification, with option periods and their dates; the
 * contract page (UIDs, option periods, recorded verifications) and the three contract actions:
 * option exercise and period extension (with the DFARS 217.207(c)(1) SAM attestations) and UIDs
 * added during performance (204.7503(d)). Each action can be checked first and then recorded.
 */
import type { CheckAnswer } from '../../../src/domain/eligibility.js';
import type { Contract, ContractRow, OptionPeriod } from '../../../src/services/contracts.js';
import type { VerificationSummary } from '../../../src/services/verification-records.js';
import { Alert, EmptyState } from '../../components/alerts.js';
import { CheckResult } from '../../components/check-result.js';
import { Fact } from '../../components/facts.js';
import { Csrf, ErrorSummary, SearchForm, SelectField, Submit, TextArea, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { BackLink } from '../../components/links.js';
import { ColumnHeads, SortHeader, Table, type Paging } from '../../components/table.js';
import { YesNo } from '../../components/yes-no.js';
import { LEVEL_LABEL, PURPOSE_LABEL } from '../../labels.js';

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

export function ContractListPage(p: { rows: (ContractRow & { nextOption: OptionPeriod | null })[]; paging: Paging; sort: { sort: string; dir: 'asc' | 'desc' }; q: string; base: string }) {
  return (
    <>
      <h1>Contracts</h1>
      <p>
        <a class="usa-button" href="/officer/contracts/new">
          New contract from an award
        </a>
      </p>
      <SearchForm action="/officer/contracts" label="Search contracts by number, contractor or CAGE" q={p.q} />
      {p.rows.length ? (
        <Table
          caption={`Contracts${p.q ? ` matching "${p.q}"` : ''}`}
          head={
            <>
              <SortHeader label="Contract number" field="number" current={p.sort} base={p.base} />
              <SortHeader label="Contractor" field="contractorName" current={p.sort} base={p.base} />
              <th scope="col">CAGE</th>
              <th scope="col">Level</th>
              <SortHeader label="Award date" field="awardDate" current={p.sort} base={p.base} />
              <th scope="col">Next option</th>
            </>
          }
          paging={p.paging}
          base={p.base}
        >
          {p.rows.map((c) => (
            <tr>
              <th scope="row">
                <a class="ag-mono" href={`/officer/contracts/${c.id}`}>
                  {c.number}
                </a>
              </th>
              <td>{c.contractorName}</td>
              <td class="ag-mono">{c.cage}</td>
              <td>{LEVEL_LABEL[c.requiredLevel]}</td>
              <td class="ag-nowrap">{c.awardDate}</td>
              <td class="ag-nowrap">{c.nextOption ? `${c.nextOption.label}: ${c.nextOption.startDate}` : '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          {p.q ? (
            <p>No contract matches "{p.q}".</p>
          ) : (
            <p>
              No contract yet. Contracts are created from a recorded, eligible award verification: <a href="/officer/contracts/new">create one</a>.
            </p>
          )}
        </EmptyState>
      )}
    </>
  );
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
      {saved ? (
        <Alert type="success" slim>
          {saved}
        </Alert>
      ) : null}
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
                  <ul class="usa-list usa-list--unstyled">
                    {p.verifications.map((v) => (
                      <li>
                        <VerificationLink v={v} />
                      </li>
                    ))}
                  </ul>
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

export type ContractAction = 'option' | 'extension' | 'new-uids';

const ACTION_TITLE: Record<ContractAction, string> = {
  option: 'Option exercise verification',
  extension: 'Period-of-performance extension verification',
  'new-uids': 'New UIDs during performance',
};

const ACTION_INTRO: Record<ContractAction, string> = {
  option:
    'DFARS 204.7503(c) and 217.207(c): before exercising an option, every UID of the contract must be current at the required level, and you confirm the SAM registration.',
  extension: 'DFARS 204.7503(c): before extending the period of performance, every UID of the contract must be current at the required level. You also confirm the SAM registration (DFARS 217.207(c)(1)).',
  'new-uids':
    'DFARS 204.7503(d): UIDs the contractor adds during performance are checked against the required level. They join the contract’s UID list whatever the verdict, so later option checks and the watch list see them.',
};

export interface SamRecord {
  name: string;
  uei: string | null;
  samActive: boolean;
  address: string | null;
}

export function ContractActionPage(p: {
  csrf: string | null;
  action: ContractAction;
  c: Contract;
  values: FormValues;
  errors: FormErrors;
  answer: CheckAnswer | null;
  lookAheadUntil: string | null;
  sam: SamRecord | null;
}) {
  const { c, values, errors } = p;
  const url = `/officer/contracts/${c.id}/${p.action}`;
  return (
    <>
      <BackLink href={`/officer/contracts/${c.id}`}>Back to {c.number}</BackLink>
      <h1>
        {ACTION_TITLE[p.action]}: <span class="ag-mono">{c.number}</span>
      </h1>
      <p>{ACTION_INTRO[p.action]}</p>
      <ErrorSummary errors={errors} />
      <form class="usa-form usa-form--large" method="post" action={url} novalidate>
        <Csrf token={p.csrf} />
        {p.action === 'option' ? (
          <SelectField
            name="optionPeriodId"
            label="Option period"
            empty="- Choose -"
            options={c.optionPeriods.map((o) => ({ value: String(o.id), label: `${o.label}: ${o.startDate} to ${o.endDate}${o.verified ? ' (verified)' : ''}` }))}
            values={values}
            errors={errors}
            required
          />
        ) : null}
        {p.action === 'extension' ? <TextField name="extendedTo" label="New end of the period of performance" hint="YYYY-MM-DD" values={values} errors={errors} required maxlength={10} /> : null}
        {p.action === 'new-uids' ? (
          <TextArea name="uids" label="New CMMC UIDs" hint="Paste them with any separators." rows={3} values={values} errors={errors} required />
        ) : null}
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-6">
            <TextField name="asOf" label='Check "as of" date' hint="YYYY-MM-DD; blank means today." values={values} errors={errors} maxlength={10} />
          </div>
          <div class="tablet:grid-col-6">
            <TextField
              name="lookAheadUntil"
              label="Warn of lapses before"
              hint={p.action === 'option' ? 'YYYY-MM-DD; blank uses the next option date after this one, else this option’s end.' : p.action === 'extension' ? 'YYYY-MM-DD; blank uses the new end.' : 'YYYY-MM-DD; blank uses the next option date.'}
              values={values}
              errors={errors}
              maxlength={10}
            />
          </div>
        </div>
        {p.action !== 'new-uids' ? (
          <fieldset class="usa-fieldset margin-top-2">
            <legend class="usa-legend usa-legend--large">SAM attestations (DFARS 217.207(c)(1))</legend>
            {p.sam ? (
              <div class="usa-summary-box margin-y-1">
                <div class="usa-summary-box__body">
                  <p class="usa-summary-box__text">
                    Record on file for CAGE <span class="ag-mono">{c.cage}</span>: {p.sam.name}, UEI <span class="ag-mono">{p.sam.uei ?? '—'}</span>, {p.sam.address ?? 'no address'};
                    SAM registration {p.sam.samActive ? 'active' : 'NOT active'}. The contract names {c.contractorName}, UEI <span class="ag-mono">{c.uei}</span>.
                  </p>
                </div>
              </div>
            ) : null}
            <YesNo name="sam.active" legend="Is the contractor's SAM registration active?" values={values} errors={errors} />
            <YesNo name="sam.ueiCageNameAddressMatch" legend="Do the UEI, CAGE code, name and physical address in SAM match the contract?" values={values} errors={errors} />
          </fieldset>
        ) : null}
        <div class="margin-top-3">
          <button type="submit" name="intent" value="check" class="usa-button usa-button--outline">
            Check without recording
          </button>
          <button type="submit" name="intent" value="record" class="usa-button">
            Record verification
          </button>
        </div>
      </form>
      {p.answer ? <CheckResult answer={p.answer} lookAheadUntil={p.lookAheadUntil} title="Check (not recorded)" /> : null}
    </>
  );
}
