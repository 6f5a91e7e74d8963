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
