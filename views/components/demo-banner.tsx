/** The banner every page shows while the seeded demo accounts exist (issue 12, finding 7). */
export function DemoBanner() {
  return (
    <section class="usa-site-alert usa-site-alert--emergency usa-site-alert--slim" aria-label="Demo data">
      <div class="usa-alert">
        <div class="usa-alert__body">
          <p class="usa-alert__text">
            <strong>Demo data.</strong> This install holds the demo accounts, whose password is published in the README, and they sign in without a
            second factor. Do not enter real records; start a real install without the demo data set.
          </p>
        </div>
      </div>
    </section>
  );
}
