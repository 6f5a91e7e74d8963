/**
 * The one page layout (USWDS, served from the package). Every page works without JavaScript;
 * htmx only makes swaps faster. htmx 2 is configured once here: 422 responses (a form re-rendered
 * with its messages) are swapped like 200s; other 4xx/5xx are not swapped and raise an error alert.
 */
import type { Child } from 'hono/jsx';
import type { Actor } from '../src/services/actor.js';
import { DemoBanner } from './components/demo-banner.js';
import { ROLE_LABEL } from './labels.js';
import { NAV } from './nav.js';

export const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
});

export interface LayoutProps {
  title: string;
  actor: Actor | null;
  csrfToken: string | null;
  pinnedToday: string | null;
  /** An enabled demo account exists (its password is published): every page says so. */
  demoAccounts?: boolean;
  path: string;
  /** Unread reminders of the signed-in user (null: not signed in, or not known). */
  unread?: number | null;
  children?: Child;
}

export function Layout(p: LayoutProps) {
  const links = p.actor ? NAV[p.actor.role] : [];
  // Only the most specific matching link is current (/company/uids, not /company as well).
  const current = [...links.map((l) => l.href), '/attestations/verify']
    .filter((href) => p.path === href || p.path.startsWith(href + '/'))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        {p.csrfToken ? <meta name="csrf-token" content={p.csrfToken} /> : null}
        <title>{`${p.title} · AwardGate`}</title>
        <link rel="icon" type="image/svg+xml" href="/assets/app/favicon.svg" />
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/app/app.css" />
        <script src="/assets/uswds/js/uswds-init.min.js"></script>
        <script src="/assets/htmx/htmx.min.js" defer></script>
        <script src="/assets/app/app.js" defer></script>
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        {p.demoAccounts ? <DemoBanner /> : null}
        {p.pinnedToday ? (
          <section class="usa-site-alert usa-site-alert--info usa-site-alert--slim" aria-label="Training install">
            <div class="usa-alert">
              <div class="usa-alert__body">
                <p class="usa-alert__text">
                  Training install: "today" is pinned to <strong>{p.pinnedToday}</strong>. Verdicts use that date.
                </p>
              </div>
            </div>
          </section>
        ) : null}
        <header class="usa-header usa-header--basic">
          <div class="usa-nav-container">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">
                  <a href="/" title="AwardGate home">
                    AwardGate
                  </a>
                </em>
              </div>
              <button type="button" class="usa-menu-btn">
                Menu
              </button>
            </div>
            <nav aria-label="Primary navigation" class="usa-nav">
              <button type="button" class="usa-nav__close">
                <img src="/assets/uswds/img/usa-icons/close.svg" role="img" alt="Close" />
              </button>
              <ul class="usa-nav__primary usa-accordion">
                {links.map((l) => (
                  <li class="usa-nav__primary-item">
                    <a class={`usa-nav-link${l.href === current ? ' usa-current' : ''}`} href={l.href}>
                      <span>{l.label}</span>
                    </a>
                  </li>
                ))}
                <li class="usa-nav__primary-item">
                  <a class={`usa-nav-link${current === '/attestations/verify' ? ' usa-current' : ''}`} href="/attestations/verify">
                    <span>Verify an attestation</span>
                  </a>
                </li>
              </ul>
              <div class="usa-nav__secondary">
                {p.actor ? (
                  <div class="ag-user-bar">
                    <ul class="ag-user-links">
                      <li>
                        {/* The name says what the badge means ("Inbox, 3 unread"); the badge alone would read "Inbox 3". */}
                        <a href="/inbox" aria-current={p.path === '/inbox' ? 'page' : undefined} aria-label={p.unread ? `Inbox, ${p.unread} unread` : undefined}>
                          Inbox
                          {p.unread ? (
                            <span class="ag-count" aria-hidden="true">
                              {p.unread}
                            </span>
                          ) : null}
                        </a>
                      </li>
                      <li>
                        <a href="/preferences">Reminder preferences</a>
                      </li>
                    </ul>
                    <form method="post" action="/sign-out" class="ag-signout">
                      <input type="hidden" name="_csrf" value={p.csrfToken ?? ''} />
                      <span class="ag-who">
                        <a href="/account" title="Your account: password and second factor">
                          {p.actor.email}
                        </a>{' '}
                        · {ROLE_LABEL[p.actor.role]}
                        {p.actor.companyHlo ? ` · CAGE ${p.actor.companyHlo}` : ''}
                      </span>{' '}
                      <button type="submit" class="usa-button usa-button--unstyled">
                        Sign out
                      </button>
                    </form>
                  </div>
                ) : (
                  <a href="/sign-in">Sign in</a>
                )}
              </div>
            </nav>
          </div>
        </header>
        <main id="main-content" class="grid-container ag-main" tabindex={-1}>
          {p.children}
        </main>
        <footer class="usa-footer usa-footer--slim">
          <div class="grid-container ag-footer">
            <p>
              AwardGate models the SPRS records behind DFARS 204.7503 award checks. Every verdict cites the rule it rests on; product
              decisions are shown as assumptions. <a href="/rules">Rules and assumptions</a> · <a href="/api/v1/openapi.json">API (OpenAPI 3.1)</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
