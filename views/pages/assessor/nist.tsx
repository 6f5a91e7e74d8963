/** NIST SP 800-171 DoD Assessment Medium/High posting by a government assessor (DFARS 252.204-7020). */
import type { NistConfidence } from '../../../src/domain/levels.js';
import { NistForm } from '../../components/nist-form.js';
import type { FormErrors, FormValues } from '../../components/form.js';

export function AssessorNistPage(p: { csrf: string | null; values: FormValues; errors: FormErrors; confidences: NistConfidence[] }) {
  return (
    <>
      <p>
        <a href="/assessor">← Post results</a>
      </p>
      <h1>Post a NIST SP 800-171 DoD Assessment</h1>
      <p class="usa-intro">Medium (a DoD review of the contractor's Basic self-assessment) or High (an on-site assessment), for any company's CAGE codes.</p>
      <NistForm action="/assessor/nist/new" csrf={p.csrf} values={p.values} errors={p.errors} confidences={p.confidences} hierarchy={null} />
    </>
  );
}
