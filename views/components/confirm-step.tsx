/**
 * The step before something that cannot be undone (issue 10): a summary of what will happen and an
 * "I understand this is permanent" box, inside the form it guards, so it works without JavaScript.
 * The route refuses the post until the box is ticked and re-renders the form with this step.
 */
import type { Child } from 'hono/jsx';
import { Alert } from './alerts.js';
import { Checkbox, type FormErrors, type FormValues } from './form.js';

export const CONFIRM_PERMANENT_LABEL = 'I understand this is permanent';

export function ConfirmStep(p: { heading: string; children: Child; values: FormValues; errors: FormErrors }) {
  return (
    <div class="margin-y-2" id="confirm-step">
      <Alert type="warning" heading={p.heading}>
        {p.children}
      </Alert>
      <div class={p.errors.confirm ? 'usa-form-group usa-form-group--error' : 'usa-form-group'} id="f-confirm">
        {p.errors.confirm ? <span class="usa-error-message">{p.errors.confirm}</span> : null}
        <Checkbox name="confirm" label={CONFIRM_PERMANENT_LABEL} values={p.values} />
      </div>
    </div>
  );
}
