/**
 * The "record a change in compliance" form (rules §3.3: a change ends currency from its own date),
 * with its warning and a required confirmation. Used by the contractor's UID page and, for DIBCAC
 * reassessment findings, the UID lookup (rules §9).
 */
import { Alert } from './alerts.js';
import { Checkbox, Csrf, ErrorSummary, TextArea, TextField, type FormErrors, type FormValues } from './form.js';

export function ComplianceChangeForm(p: { uid: string; action: string; csrf: string | null; today: string; values: FormValues; errors: FormErrors }) {
  return (
    <section aria-labelledby="change-heading" class="margin-top-4" id="compliance-change">
      <h2 id="change-heading">Record a change in compliance</h2>
      <Alert type="warning" heading="This ends the status">
        A change in compliance (for example, a required control removed) ends the currency of UID {p.uid} from the date you give: contracting officers will
        see it as not current (COMPLIANCE_CHANGED) and no affirmation restores it. It cannot be undone; a new assessment is needed.
      </Alert>
      <form method="post" action={p.action} class="usa-form usa-form--large" novalidate>
        <Csrf token={p.csrf} />
        <ErrorSummary errors={p.errors} />
        <TextField name="date" label="Date of the change" maxlength={10} hint={`YYYY-MM-DD; today (${p.today}) or earlier`} values={p.values.date === undefined ? { date: p.today } : p.values} errors={p.errors} required />
        <TextArea name="description" label="What changed" values={p.values} errors={p.errors} required rows={3} />
        <div class={p.errors.confirm ? 'usa-form-group usa-form-group--error' : 'usa-form-group'} id="f-confirm">
          {p.errors.confirm ? <span class="usa-error-message">{p.errors.confirm}</span> : null}
          <Checkbox name="confirm" label={`I understand UID ${p.uid} stops being current from this date`} values={p.values} />
        </div>
        <button type="submit" class="usa-button usa-button--secondary">
          Record the change
        </button>
      </form>
    </section>
  );
}

export const CONFIRM_CHANGE_MESSAGE = 'Confirm that you understand the change ends the status';
