/**
 * Who affirms, and what they affirm (32 CFR 170.22): the statement is always shown next to the
 * button that records it. An official on file can be chosen, or someone typed in.
 */
import { SelectField, TextField, type FormErrors, type FormValues } from './form.js';

export interface OfficialOption {
  id: number;
  name: string;
  title: string;
  email: string | null;
}

/** `text` is the statement the service records (records.ts / import.ts AFFIRMATION_STATEMENT), handed in by the route. */
export function AffirmationStatement({ text }: { text: string }) {
  return (
    <blockquote class="usa-prose border-left-05 border-primary padding-left-2 margin-x-0" id="affirmation-statement">
      <p class="margin-0">
        <strong>Statement:</strong> {text}
      </p>
    </blockquote>
  );
}

/** Official picker plus name/title/email; the fields are named `<prefix>name` etc. (prefix '' or 'affirmation.'). */
export function AffirmationFields({ officials, values, errors, prefix = '' }: { officials: OfficialOption[]; values: FormValues; errors: FormErrors; prefix?: string }) {
  return (
    <>
      {officials.length ? (
        <SelectField
          name="officialId"
          label="Affirming Official"
          values={values.officialId === undefined ? { officialId: String(officials[0].id) } : values}
          errors={errors}
          options={[...officials.map((o) => ({ value: String(o.id), label: `${o.name}, ${o.title}` })), { value: 'other', label: 'Someone else (type below)' }]}
          hint="Officials on file are kept on the Company page."
        />
      ) : null}
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-4">
          <TextField name={`${prefix}name`} label={officials.length ? 'Name (someone else)' : 'Name of the Affirming Official'} values={values} errors={errors} autocomplete="name" />
        </div>
        <div class="tablet:grid-col-4">
          <TextField name={`${prefix}title`} label="Title" values={values} errors={errors} autocomplete="organization-title" />
        </div>
        <div class="tablet:grid-col-4">
          <TextField name={`${prefix}email`} label="Email (optional)" type="email" values={values} errors={errors} autocomplete="email" />
        </div>
      </div>
    </>
  );
}
