/**
 * Second steps of a form without JavaScript (a confirmation, "record this decision"): hidden copies
 * of the first step's values, so the second posts exactly what the first showed, and the
 * confirmation checkbox.
 */
import { Checkbox, type FormErrors, type FormValues } from './form.js';

export function HiddenValues({ values, skip = [] }: { values: FormValues; skip?: string[] }) {
  return (
    <>
      {Object.entries(values).flatMap(([k, v]) =>
        skip.includes(k) || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => <input type="hidden" name={k} value={x} />),
      )}
    </>
  );
}

/** The "I understand this is permanent" checkbox of a confirmation step (issue 10), with its message. */
export function ConfirmPermanent({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <div class={errors.confirm ? 'usa-form-group usa-form-group--error' : 'usa-form-group'} id="f-confirm">
      {errors.confirm ? <span class="usa-error-message">{errors.confirm}</span> : null}
      <Checkbox name="confirm" label="I understand this is permanent" values={values} />
    </div>
  );
}

/** A permanent step's button, and the way out that changes nothing. */
export function PermanentActions({ label, secondary, cancel }: { label: string; secondary?: boolean; cancel: { href: string; label: string } }) {
  return (
    <>
      <button type="submit" class={`usa-button${secondary ? ' usa-button--secondary' : ''}`}>
        {label}
      </button>{' '}
      <a class="usa-button usa-button--unstyled" href={cancel.href}>
        {cancel.label}
      </a>
    </>
  );
}
