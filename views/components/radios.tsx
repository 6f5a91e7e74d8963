/**
 * A USWDS radio group in a fieldset with its legend, its error and the user's choice kept. Arrow
 * keys move between the choices (native radios), so the group is usable by keyboard alone.
 */
import type { Child } from 'hono/jsx';
import type { FormErrors, FormValues } from './form.js';

export function RadioGroup(p: {
  name: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  values?: FormValues;
  errors?: FormErrors;
  /** The choice when the user has made none yet. */
  fallback?: string;
  children?: Child;
}) {
  const raw = p.values?.[p.name];
  const chosen = (Array.isArray(raw) ? raw[0] : raw) || p.fallback;
  const err = p.errors?.[p.name];
  const id = `f-${p.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <fieldset class={`usa-fieldset usa-form-group${err ? ' usa-form-group--error' : ''}`} id={id}>
      <legend class="usa-legend">{p.legend}</legend>
      {err ? (
        <span class="usa-error-message" id={`${id}-error`} role="alert">
          {err}
        </span>
      ) : null}
      {p.options.map((o) => (
        <div class="usa-radio">
          <input class="usa-radio__input" id={`${id}-${o.value}`} type="radio" name={p.name} value={o.value} checked={o.value === chosen} />
          <label class="usa-radio__label" for={`${id}-${o.value}`}>
            {o.label}
            {o.hint ? <span class="usa-checkbox__label-description">{o.hint}</span> : null}
          </label>
        </div>
      ))}
      {p.children}
    </fieldset>
  );
}
