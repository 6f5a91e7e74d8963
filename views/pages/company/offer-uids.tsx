/**
 * "My UIDs for an offer": the company's current UIDs with status and current-through dates, in a
 * form a proposal can take as is (DFARS 252.204-7025(d): the offeror lists the UID of each
 * contractor information system that will process, store or transmit FCI or CUI).
 */
import type { PresentedRecord } from '../../../src/services/records.js';
import { EmptyState } from '../../components/alerts.js';
import { CompanyUidLink, UID_COLUMNS } from '../../components/company-uid.js';
import { ReasonList } from '../../components/reasons.js';
import { DataTable, type Paging } from '../../components/table.js';
import { LEVEL_LABEL, statusLabel } from '../../labels.js';

export const OFFER_SORTS = ['currentThrough', 'uid', 'level', 'scope', 'statusDate'] as const;
export type OfferSort = (typeof OFFER_SORTS)[number];

export interface OfferUidsPageProps {
  today: string;
  current: PresentedRecord[];
  shown: PresentedRecord[];
  paging: Paging;
  sort: { sort: OfferSort; dir: 'asc' | 'desc' };
  notCurrent: PresentedRecord[];
}

export function OfferUidsPage(p: OfferUidsPageProps) {
  const base = '/company/uids';
  const copyText = p.current.map((r) => `${r.uid} (${statusLabel(r.level, r.type)}, current through ${r.currentThrough})`).join('\n');
  return (
    <>
      <h1>My UIDs for an offer</h1>
      <p class="usa-intro">
        The UIDs a proposal lists under DFARS 252.204-7025(d): one per contractor information system that will process, store or transmit FCI or CUI, each
        current today ({p.today}). Subcontractors' UIDs may be added to an offer too.
      </p>
      {p.current.length ? (
        <>
          <div class="usa-form-group">
            <label class="usa-label" for="offer-uids-text">
              Copy into your offer
            </label>
            <span class="usa-hint" id="offer-uids-hint">
              Select all (Ctrl+A) and copy (Ctrl+C).
            </span>
            <textarea id="offer-uids-text" class="usa-textarea ag-mono" readonly rows={Math.min(10, p.current.length + 1)} aria-describedby="offer-uids-hint">
              {copyText}
            </textarea>
            {/* Shown by copy.js (progressive enhancement); without JavaScript select-and-copy still works. */}
            <button type="button" class="usa-button usa-button--outline margin-top-1" data-copy="offer-uids-text" data-copy-status="copy-status" hidden>
              Copy the list
            </button>
            <p id="copy-status" class="usa-hint" aria-live="polite"></p>
          </div>
          <p>
            <a class="usa-button usa-button--outline" href="/company/uids.csv" download="my-uids.csv">
              Download as CSV
            </a>
          </p>
          <DataTable
            label="Current UIDs"
            columns={[
              UID_COLUMNS.uid,
              UID_COLUMNS.level,
              { label: 'Status', cell: (r) => statusLabel(r.level, r.type) },
              UID_COLUMNS.scope,
              { label: 'CAGE codes', class: 'ag-mono', cell: (r) => r.cages.join(', ') },
              UID_COLUMNS.statusDate,
              UID_COLUMNS.currentThrough,
            ]}
            list={{ rows: p.shown, paging: p.paging, sort: p.sort, base: `${base}?sort=${p.sort.sort}&dir=${p.sort.dir}` }}
          />
        </>
      ) : (
        <EmptyState>
          No UID is current today. A UID is current once it has a status and an affirmation; see <a href="/company/affirmations">Affirmations</a> and{' '}
          <a href="/company/assessments">Assessments</a>.
        </EmptyState>
      )}
      {p.notCurrent.length ? (
        <>
          <h2>Not current today ({p.notCurrent.length})</h2>
          <p class="usa-hint">These would fail an award check today; the reasons say why.</p>
          <ul class="usa-list usa-list--unstyled">
            {p.notCurrent.map((r) => (
              <li class="margin-bottom-2">
                <CompanyUidLink uid={r.uid} />{' '}
                {LEVEL_LABEL[r.level]} · {r.scope}
                <ReasonList reasons={r.reasons} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <script src="/assets/app/copy.js" defer></script>
    </>
  );
}
