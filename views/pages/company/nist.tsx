/** The contractor's NIST SP 800-171 DoD Assessment (Basic) posting (DFARS 252.204-7019/7020). */
import { NistForm, type NistFormProps } from '../../components/nist-form.js';

export function CompanyNistPage(p: Omit<NistFormProps, 'action' | 'confidences'>) {
  return (
    <>
      <p>
        <a href="/company/assessments">← Assessments</a>
      </p>
      <h1>Post a NIST SP 800-171 DoD Assessment (Basic)</h1>
      <p class="usa-intro">
        The summary score of your self-assessment against NIST SP 800-171, one per system security plan. Contracting officers check that a score not older than
        three years is posted for each CAGE code of an offer when DFARS 252.204-7012 applies; there is no minimum score.
      </p>
      <NistForm {...p} action="/company/nist/new" confidences={['BASIC']} />
    </>
  );
}
