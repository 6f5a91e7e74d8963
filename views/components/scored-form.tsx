/**
 * The form of an assessment answered against the requirement table, with its live score beside it
 * (rules §6). Works without JavaScript: "Update score" and "Mark all remaining as MET" post the whole
 * form and the page comes back with the preview. With htmx every change posts the form to
 * `previewAction`, which answers the score panel only. Self-assessments and assessor postings share it.
 */
import type { Child } from 'hono/jsx';
import type { Level } from '../../src/domain/levels.js';
import type { ScorePreview } from '../../src/domain/scoring.js';
import { Csrf, IdempotencyKey, ErrorSummary, type FormErrors, type FormValues } from './form.js';
import { ScorePanel } from './score-panel.js';

/** What a page with a scored form is rendered from (the routes build it the same way for both). */
export interface ScoredFormState {
  csrf: string | null;
  values: FormValues;
  answers: Record<string, string>;
  errors: FormErrors;
  preview: ScorePreview;
  showMissing: boolean;
}

export interface ScoredFormProps {
  id: string;
  action: string;
  previewAction: string;
  level: Level;
  csrf: string | null;
  errors: FormErrors;
  preview: ScorePreview;
  /** The form uploads a file: multipart, and the htmx preview leaves the file out. */
  upload?: boolean;
  /** Hidden fields besides the level (a draft's id…). */
  hidden?: Child;
  children: Child;
}

export function ScoredForm(p: ScoredFormProps) {
  return (
    <form
      method="post"
      action={p.action}
      enctype={p.upload ? 'multipart/form-data' : undefined}
      class="usa-form maxw-full"
      id={p.id}
      novalidate
      hx-post={p.previewAction}
      hx-trigger="change"
      hx-target="#score-panel"
      hx-swap="innerHTML"
      hx-params={p.upload ? 'not file' : undefined}
      hx-sync="this:replace"
    >
      <Csrf token={p.csrf} />
      <IdempotencyKey />
      <input type="hidden" name="level" value={p.level} />
      {p.hidden}
      <ErrorSummary errors={p.errors} />
      <div class="grid-row grid-gap">
        <div class="desktop:grid-col-8">{p.children}</div>
        <div class="desktop:grid-col-4">
          <ScorePanel preview={p.preview} />
        </div>
      </div>
    </form>
  );
}

/** The two buttons above the requirement tables. */
export function ScoreButtons() {
  // The first submit button is what Enter in a text field presses: make it the harmless one.
  return (
    <div class="usa-button-group margin-y-1">
      <button type="submit" name="action" value="preview" class="usa-button usa-button--outline">
        Update score
      </button>
      <button type="submit" name="action" value="all-met" class="usa-button usa-button--accent-cool" id="mark-all-met">
        Mark all remaining as MET
      </button>
    </div>
  );
}
