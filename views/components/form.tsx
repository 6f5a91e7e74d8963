/**
 * USWDS form controls that show a field's error and keep the user's value. Every form is a plain
 * POST that works without JavaScript; htmx attributes are added by the caller where a swap helps.
 */
import type { Child } from 'hono/jsx';

export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string | string[] | undefined>;

const idFor = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('\n') : (v ?? ''));

export function Csrf({ token }: { token: string | null }) {
  return <input type="hidden" name="_csrf" value={token ?? ''} />;
}

/** A record-creating form's idempotency key, new each time the form renders (routes/pages/idempotency.ts). */
export function IdempotencyKey() {
  return <input type="hidden" name="_idem" value={crypto.randomUUID()} />;
}

/**
 * A summary of every error at the top of a form, linked to the fields (WCAG 3.3.1). It takes focus
 * when the page loads or htmx swaps it in (autofocus on a tabindex=-1 box, no script needed), so a
 * keyboard or screen-reader user lands on it, and the browser scrolls a failed sub-form into view.
 */
const ACRONYMS: Record<string, string> = { uid: 'UID', uids: 'UIDs', cage: 'CAGE', cages: 'CAGE codes', uei: 'UEI', sam: 'SAM', nist: 'NIST', id: 'ID', poam: 'POA&M' };

/** A field's name in words, for a summary line: `sam.active` → "SAM active", `officialId` → "Official ID". */
const fieldWords = (name: string) => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(' ')
    .map((w) => ACRONYMS[w] ?? w)
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A summary line is a sentence that names the field (issue 10): a field's own terse message ("required",
 * "must be an email address") sits next to its label, so the summary adds the field's name; a message
 * that is already a sentence is kept.
 */
export function summaryLine(name: string, message: string, label?: string): string {
  if (/^[A-Z]/.test(message)) return message;
  const field = label ?? fieldWords(name);
  const end = /[.!?]$/.test(message) ? '' : '.';
  if (message === 'required') return `${field} is required.`;
  return /^(must|is|has|cannot|should) /.test(message) ? `${field} ${message}${end}` : `${field}: ${message}${end}`;
}

export function ErrorSummary({ errors, title = 'Please correct the following', labels = {} }: { errors: FormErrors; title?: string; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="usa-alert usa-alert--error" role="alert" id="error-summary" tabindex={-1} autofocus>
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{title}</h2>
        <ul class="usa-list">
          {entries.map(([name, msg]) => (
            <li>
              {name === '_form' ? msg : <a href={`#${idFor(name)}`}>{summaryLine(name, msg, labels[name])}</a>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  values?: FormValues;
  errors?: FormErrors;
  hint?: string;
  required?: boolean;
}

function Group(p: FieldProps & { children: Child }) {
  const err = p.errors?.[p.name];
  return (
    <div class={`usa-form-group${err ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${err ? ' usa-label--error' : ''}`} for={idFor(p.name)}>
        {p.label}
        {p.required ? (
          <span class="usa-hint usa-hint--required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {p.hint ? (
        <div class="usa-hint" id={`${idFor(p.name)}-hint`}>
          {p.hint}
        </div>
      ) : null}
      {err ? (
        <span class="usa-error-message" id={`${idFor(p.name)}-error`} role="alert">
          {err}
        </span>
      ) : null}
      {p.children}
    </div>
  );
}

const describedBy = (p: FieldProps) =>
  [p.hint ? `${idFor(p.name)}-hint` : '', p.errors?.[p.name] ? `${idFor(p.name)}-error` : ''].filter(Boolean).join(' ') || undefined;

/** The control's class, marked when its field has an error. */
const controlClass = (base: string, p: FieldProps) => `${base}${p.errors?.[p.name] ? ' usa-input--error' : ''}`;
/** What ties a control to its hint and error message for assistive technology. */
const described = (p: FieldProps) => ({ 'aria-describedby': describedBy(p), 'aria-invalid': p.errors?.[p.name] ? ('true' as const) : undefined });

export function TextField(p: FieldProps & { type?: string; autocomplete?: string; inputmode?: string; maxlength?: number; class?: string }) {
  return (
    <Group {...p}>
      <input
        class={`${controlClass('usa-input', p)}${p.class ? ` ${p.class}` : ''}`}
        id={idFor(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={str(p.values?.[p.name])}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode as never}
        maxlength={p.maxlength}
        {...described(p)}
      />
    </Group>
  );
}

export function TextArea(p: FieldProps & { rows?: number }) {
  return (
    <Group {...p}>
      <textarea class={controlClass('usa-textarea', p)} id={idFor(p.name)} name={p.name} rows={p.rows ?? 4} required={p.required} {...described(p)}>
        {str(p.values?.[p.name])}
      </textarea>
    </Group>
  );
}

export function SelectField(p: FieldProps & { options: { value: string; label: string }[]; empty?: string }) {
  const v = str(p.values?.[p.name]);
  return (
    <Group {...p}>
      <select class={controlClass('usa-select', p)} id={idFor(p.name)} name={p.name} required={p.required} {...described(p)}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === v}>
            {o.label}
          </option>
        ))}
      </select>
    </Group>
  );
}

export function Checkbox(p: { name: string; label: string; values?: FormValues; value?: string; hint?: string }) {
  const checked = p.values?.[p.name] === (p.value ?? 'on') || (Array.isArray(p.values?.[p.name]) && (p.values?.[p.name] as string[]).includes(p.value ?? 'on'));
  return (
    <div class="usa-checkbox">
      <input class="usa-checkbox__input" id={idFor(`${p.name}-${p.value ?? 'on'}`)} type="checkbox" name={p.name} value={p.value ?? 'on'} checked={checked} />
      <label class="usa-checkbox__label" for={idFor(`${p.name}-${p.value ?? 'on'}`)}>
        {p.label}
        {p.hint ? <span class="usa-checkbox__label-description">{p.hint}</span> : null}
      </label>
    </div>
  );
}

export function Submit({ label, secondary }: { label: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`usa-button${secondary ? ' usa-button--outline' : ''}`}>
      {label}
    </button>
  );
}

/** The search box of a list page: a GET form that keeps what was searched for (`q`). */
export function SearchForm({ action, label, q }: { action: string; label: string; q: string }) {
  return (
    <form class="usa-search usa-search--small margin-bottom-2" role="search" method="get" action={action}>
      <label class="usa-sr-only" for="f-q">
        {label}
      </label>
      <input class="usa-input" id="f-q" type="search" name="q" value={q} />
      <button class="usa-button" type="submit">
        <span class="usa-search__submit-text">Search</span>
      </button>
    </form>
  );
}
