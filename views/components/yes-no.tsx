/**
 * A yes / no question as a USWDS radio fieldset: an attestation must be answered either way, never
 * left as an unticked checkbox that could mean "no" or "forgot" (DFARS 217.207(c)(1)).
 */
import type { FormErrors, FormValues } from './form.js';

const idFor = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export function YesNo({ name, legend, hint, values, errors }: { name: string; legend: string; hint?: string; values?: FormValues; errors?: FormErrors }) {
  const v = values?.[name];
  const err = errors?.[name];
  const base = idFor(name);
  return (
    <fieldset class={`usa-fieldset usa-form-group${err ? ' usa-form-group--error' : ''}`} aria-describedby={[hint ? `${base}-hint` : '', err ? `${base}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend class="usa-legend">{legend}</legend>
      {hint ? (
        <div class="usa-hint" id={`${base}-hint`}>
          {hint}
        </div>
      ) : null}
      {err ? (
        <span class="usa-error-message" id={`${base}-error`} role="alert">
          {err}
        </span>
      ) : null}
      {(['yes', 'no'] as const).map((choice, i) => (
        <div class="usa-radio">
          {/* The first radio carries the field id, so the error summary's link lands on the question. */}
          <input class="usa-radio__input" id={i === 0 ? base : `${base}-${choice}`} type="radio" name={name} value={choice} checked={v === choice} required />
          <label class="usa-radio__label" for={i === 0 ? base : `${base}-${choice}`}>
            {choice === 'yes' ? 'Yes' : 'No'}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
