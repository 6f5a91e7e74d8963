/**
 * A paste box for a list of CMMC UIDs with its preview ("12 UIDs found, 3 ignored words"): the route
 * parses the list (form-values.ts pastedUids) and hands the preview in. htmx refreshes the preview
 * as the officer types; without JavaScript, "Preview the list" posts the form back without saving.
 */
import { TextArea, type FormErrors, type FormValues } from './form.js';

export type UidPreview = { found: number; ignored: string[] } | null;

export const PREVIEW_URL = '/officer/uids/preview';

export function UidPastePreview({ preview }: { preview: UidPreview }) {
  if (!preview) return <span>Nothing pasted yet.</span>;
  const words = preview.ignored.length;
  return (
    <span>
      <strong>
        {preview.found} {preview.found === 1 ? 'UID' : 'UIDs'} found, {words} ignored {words === 1 ? 'word' : 'words'}
      </strong>
      {words ? <span class="display-block">Ignored: {preview.ignored.slice(0, 20).join(', ')}{words > 20 ? ', …' : ''}</span> : null}
    </span>
  );
}

export function UidPaste(p: { label: string; hint: string; rows: number; values: FormValues; errors?: FormErrors; preview: UidPreview; required?: boolean }) {
  return (
    <div hx-post={PREVIEW_URL} hx-trigger="input changed delay:300ms from:#f-uids" hx-include="#f-uids" hx-target="#uids-preview" hx-swap="innerHTML">
      <TextArea name="uids" label={p.label} hint={p.hint} rows={p.rows} values={p.values} errors={p.errors} required={p.required} />
      <p class="usa-hint" id="uids-preview" aria-live="polite">
        <UidPastePreview preview={p.preview} />
      </p>
      <button type="submit" name="preview" value="1" class="usa-button usa-button--unstyled" formnovalidate>
        Preview the list
      </button>
    </div>
  );
}
