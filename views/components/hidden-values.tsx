/**
 * Hidden copies of a form's values, so a second step (a confirmation, "record this decision") posts
 * exactly what the first step showed, without JavaScript.
 */
import type { FormValues } from './form.js';

export function HiddenValues({ values, skip = [] }: { values: FormValues; skip?: string[] }) {
  return (
    <>
      {Object.entries(values).flatMap(([k, v]) =>
        skip.includes(k) || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => <input type="hidden" name={k} value={x} />),
      )}
    </>
  );
}
