import type { Child } from 'hono/jsx';

export function Alert({ type, heading, children, slim }: { type: 'info' | 'success' | 'warning' | 'error'; heading?: string; children?: Child; slim?: boolean }) {
  return (
    <div class={`usa-alert usa-alert--${type}${slim ? ' usa-alert--slim' : ''}`} role={type === 'error' ? 'alert' : 'status'}>
      <div class="usa-alert__body">
        {heading ? <h2 class="usa-alert__heading">{heading}</h2> : null}
        <div class="usa-alert__text">{children}</div>
      </div>
    </div>
  );
}

/** A slim alert of `text`, or nothing when there is none (a page's notice or error after a redirect). */
export function SlimAlert({ type, text }: { type: 'info' | 'success' | 'warning' | 'error'; text: string | null | undefined }) {
  return text ? (
    <Alert type={type} slim>
      {text}
    </Alert>
  ) : null;
}

/** A list that has nothing to show says so, and says what to do next. */
export function EmptyState({ children }: { children: Child }) {
  return (
    <div class="usa-summary-box" role="status">
      <div class="usa-summary-box__body">
        <div class="usa-summary-box__text">{children}</div>
      </div>
    </div>
  );
}

/** The one-line confirmation a page shows after a redirect (`?done=…`); nothing when there is none. */
export function Notice({ text, class: cls = 'margin-bottom-2' }: { text: string | null | undefined; class?: string }) {
  if (!text) return null;
  return (
    <div class={`usa-alert usa-alert--success usa-alert--slim ${cls}`} role="status">
      <div class="usa-alert__body">
        <p class="usa-alert__text">{text}</p>
      </div>
    </div>
  );
}
