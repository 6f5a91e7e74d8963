/**
 * The three contract actions: option exercise and period extension (with the DFARS 217.207(c)(1)
 * SAM attestations) and UIDs added during performance (204.7503(d)). Each action can be checked
 * first and then recorded.
 */
import type { CheckAnswer } from '../../../src/domain/eligibility.js';
import type { Contract } from '../../../src/services/contracts.js';
import { CheckResult } from '../../components/check-result.js';
import { Csrf, IdempotencyKey, ErrorSummary, SelectField, TextArea, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { ConfirmStep } from '../../components/confirm-step.js';
import { BackLink } from '../../components/links.js';
import { YesNo } from '../../components/yes-no.js';

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
        <IdempotencyKey />
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
        <ConfirmStep heading="Recording is permanent" values={values} errors={errors}>
          "Record verification" stores the check as an immutable contract-file record with your name and the time; it cannot be changed or deleted. "Check
          without recording" needs no confirmation.
        </ConfirmStep>
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
