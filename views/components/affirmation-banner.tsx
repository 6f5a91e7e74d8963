/**
 * The contractor's dashboard banner: affirmations that have lapsed, are about to, or were never
 * made (32 CFR 170.22) and POA&M closeouts whose 180 days are running (32 CFR 170.21), so nothing
 * lapses unnoticed.
 */
import type { WorkspaceAlerts } from '../../src/services/contractor.js';

const uids = (xs: string[]) => xs.map((u, i) => (
  <>
    {i ? ', ' : ''}
    <a href={`/company/uids/${u}`} class="ag-mono">
      {u}
    </a>
  </>
));

export function AffirmationsBanner({ alerts }: { alerts: WorkspaceAlerts }) {
  const { overdue, dueSoon, awaiting, closeoutsOpen } = alerts;
  if (!overdue.length && !dueSoon.length && !awaiting.length && !closeoutsOpen.length) return null;
  const urgent = overdue.length > 0 || awaiting.length > 0;
  return (
    <section class={`usa-alert usa-alert--${urgent ? 'error' : 'warning'} margin-bottom-3`} aria-labelledby="workspace-alerts-heading" id="workspace-alerts">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="workspace-alerts-heading">
          Needs your attention
        </h2>
        <ul class="usa-list">
          {overdue.length ? (
            <li>
              <strong>Affirmation overdue</strong> ({overdue.length}): {uids(overdue)}. These UIDs are not current until re-affirmed.
            </li>
          ) : null}
          {awaiting.length ? (
            <li>
              <strong>Awaiting affirmation</strong> ({awaiting.length}): {uids(awaiting)}. A status is not current until the Affirming Official affirms it.
            </li>
          ) : null}
          {dueSoon.length ? (
            <li>
              <strong>Affirmation due soon</strong> ({dueSoon.length}): {uids(dueSoon)}.
            </li>
          ) : null}
          {closeoutsOpen.map((c) => (
            <li>
              <strong>POA&amp;M open</strong> on{' '}
              <a href={`/company/uids/${c.uid}`} class="ag-mono">
                {c.uid}
              </a>
              : close out by {c.closeoutBy} ({c.daysLeft} {c.daysLeft === 1 ? 'day' : 'days'} left).
            </li>
          ))}
        </ul>
        <p class="usa-alert__text">
          <a href="/company/affirmations">Go to affirmations</a> · <a href="/company/poam">Go to POA&amp;M</a>
        </p>
      </div>
    </section>
  );
}
