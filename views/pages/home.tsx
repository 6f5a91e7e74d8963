import type { Actor } from '../../src/services/actor.js';
import type { WorkspaceAlerts } from '../../src/services/contractor.js';
import { AffirmationsBanner } from '../components/affirmation-banner.js';
import { ROLE_LABEL } from '../labels.js';
import { NAV } from '../nav.js';

const WHAT_YOU_DO: Record<Actor['role'], string> = {
  CONTRACTING_OFFICER: 'Check the CMMC UIDs of an offer or a contract action against the required level, and record award, option-exercise, period-extension and new-UID verifications (DFARS 204.7503).',
  CONTRACTOR: "Post Level 1 and Level 2 self-assessments, affirm continuous compliance, close out POA&Ms, post NIST SP 800-171 Basic scores, keep your UID list, and check your subcontractors before award.",
  C3PAO: 'Post Level 2 (C3PAO) results for the companies you are engaged with.',
  DIBCAC: 'Post Level 3 (DIBCAC) results and NIST SP 800-171 Medium/High assessments, and record compliance changes found on reassessment.',
  ADMIN: 'Manage accounts and roles, company and CAGE records, and bulk-load SPRS records.',
};

/** `alerts`: the contractor's affirmations and POA&M deadlines needing attention (null for other roles). */
export function HomePage({ actor, today, alerts }: { actor: Actor; today: string; alerts?: WorkspaceAlerts | null }) {
  return (
    <>
      <h1>Welcome, {actor.name ?? actor.email}</h1>
      {alerts ? <AffirmationsBanner alerts={alerts} /> : null}
      <div class="usa-summary-box margin-bottom-3">
        <div class="usa-summary-box__body">
          <h2 class="usa-summary-box__heading">Who you are</h2>
          <ul class="usa-list">
            <li>
              Signed in as <strong>{actor.email}</strong>
            </li>
            <li>
              Role: <strong>{ROLE_LABEL[actor.role]}</strong>
            </li>
            {actor.companyHlo ? (
              <li>
                Company (highest-level owner CAGE): <strong class="ag-mono">{actor.companyHlo}</strong>
              </li>
            ) : null}
            <li>Today (rules date): {today}</li>
          </ul>
        </div>
      </div>
      <p class="usa-intro">{WHAT_YOU_DO[actor.role]}</p>
      <h2>Your workspace</h2>
      <ul class="usa-card-group">
        {NAV[actor.role].map((l) => (
          <li class="usa-card tablet:grid-col-4">
            <div class="usa-card__container">
              <div class="usa-card__body">
                <p>
                  <a href={l.href} class="usa-link">
                    {l.label}
                  </a>
                </p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
