/**
 * One of the company's UIDs: the record, and what the company does with it — affirm (32 CFR
 * 170.22), close out the POA&M (170.21(b): once, within 180 days), record a change in compliance
 * (rules §3.3: it ends currency from its date).
 */
import type { CompanyRecord } from '../../../src/services/contractor.js';
import { AffirmationFields, AffirmationStatement, type OfficialOption } from '../../components/affirmation-fields.js';
import { Alert, SlimAlert } from '../../components/alerts.js';
import { ComplianceChangeForm } from '../../components/compliance-change.js';
import { CloseoutForm } from '../../components/closeout-form.js';
import { ConfirmStep } from '../../components/confirm-step.js';
import { Csrf, IdempotencyKey, ErrorSummary, Submit, type FormErrors, type FormValues } from '../../components/form.js';
import { UidRecord } from '../uid-lookup.js';
import { CONDITIONAL_DAYS, requirementName, statusLabel } from '../../labels.js';

export type UidForm = 'affirm' | 'closeout' | 'change';

/** Who closes out a POA&M the company may not: its engaged C3PAO(s), or DIBCAC (rules §6). */
export type Closer = { kind: 'C3PAO' | 'DIBCAC'; assessors: { name: string | null; email: string }[] };

function CloserNotice({ closer, closeoutBy }: { closer: Closer; closeoutBy: string }) {
  if (closer.kind === 'DIBCAC') {
    return (
      <p id="closeout-by-whom">
        DIBCAC closes out a Level 3 (DIBCAC) POA&amp;M: ask your DIBCAC assessor to re-assess the items by <strong>{closeoutBy}</strong>.
      </p>
    );
  }
  return (
    <div id="closeout-by-whom">
      <p>
        A C3PAO engaged with your company closes out a Level 2 (C3PAO) POA&amp;M (the one that assessed you or another): ask it to re-assess the items by{' '}
        <strong>{closeoutBy}</strong>.
      </p>
      {closer.assessors.length ? (
        <ul class="usa-list">
          {closer.assessors.map((a) => (
            <li>
              {a.name ? `${a.name}, ` : ''}
              <a href={`mailto:${a.email}`}>{a.email}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>No C3PAO is engaged with your company: engage one first.</p>
      )}
    </div>
  );
}

export interface CompanyUidPageProps {
  r: CompanyRecord;
  today: string;
  csrf: string | null;
  officials: OfficialOption[];
  statement: string;
  /** The form that was posted and failed: its values and messages (and, for a closeout, the answers it held). */
  failed: { form: UidForm; values: FormValues; errors: FormErrors; answers?: Record<string, string> } | null;
  /** Set when the company may not close out this level itself: who does (api.md closeouts). */
  closer?: Closer | null;
  /** The refused closeout's answers still NOT MET ("id name"): the confirmation step's summary. */
  stillNotMet?: string[];
  notice?: string | null;
}

export function CompanyUidPage(p: CompanyUidPageProps) {
  const { rec, status, presented, due } = p.r;
  const vals = (f: UidForm) => (p.failed?.form === f ? p.failed.values : {});
  const errs = (f: UidForm) => (p.failed?.form === f ? p.failed.errors : {});
  const live = !status.ended.length && status.type !== 'NONE';
  const period = CONDITIONAL_DAYS;
  const closeoutOpen = !!p.r.closeoutBy && p.r.closeoutDaysLeft !== null && p.r.closeoutDaysLeft >= 0;
  // A refused post for a form this page no longer offers (closeout done or too late) still shows why.
  const shown: Record<UidForm, boolean> = { closeout: closeoutOpen, affirm: live, change: live };
  const orphan = p.failed && !shown[p.failed.form] ? p.failed.errors : null;
  return (
    <>
      <p>
        <a href="/company/assessments">← Assessments</a> · <a href="/company/uids">My UIDs</a>
      </p>
      <h1>
        UID <span class="ag-mono">{rec.uid}</span>: {statusLabel(rec.level, status.type)}
      </h1>
      {orphan ? <ErrorSummary errors={orphan} title="Not recorded" /> : null}
      <SlimAlert type="success" text={p.notice} />
      {live && due?.state === 'AWAITING' ? (
        <Alert type="warning" heading="Awaiting affirmation">
          This status is not current until the Affirming Official affirms it{status.affirmationBaseline !== rec.statusDate ? ` (on or after the closeout of ${status.affirmationBaseline})` : ''}. Affirm below.
        </Alert>
      ) : null}
      {live && due?.state === 'OVERDUE' ? (
        <Alert type="error" heading="Affirmation overdue">
          The latest affirmation ({due.latest}) held through {due.dueBy}. Re-affirm below.
        </Alert>
      ) : null}
      <UidRecord rec={presented} />

      {p.r.closeoutBy ? (
        <section aria-labelledby="closeout-heading" class="margin-top-4" id="closeout">
          <h2 id="closeout-heading">POA&amp;M closeout</h2>
          {closeoutOpen && p.closer ? (
            <CloserNotice closer={p.closer} closeoutBy={p.r.closeoutBy} />
          ) : closeoutOpen ? (
            <CloseoutForm
              action={`/company/uids/${rec.uid}/closeout`}
              uid={rec.uid}
              level={rec.level}
              poam={rec.poam}
              statusDate={rec.statusDate}
              closeoutBy={p.r.closeoutBy}
              daysLeft={p.r.closeoutDaysLeft!}
              csrf={p.csrf}
              values={vals('closeout')}
              errors={errs('closeout')}
              answers={p.failed?.form === 'closeout' ? (p.failed.answers ?? {}) : {}}
              period={period}
              stillNotMet={p.stillNotMet ?? []}
              affirm={{ officials: p.officials, statement: p.statement }}
            />
          ) : (
            <Alert type="error">
              The {period} days ended on {p.r.closeoutBy}; no closeout is accepted after that (32 CFR 170.21(b)).
            </Alert>
          )}
          {rec.poam.length ? (
            <p class="usa-hint">
              POA&amp;M items: {rec.poam.map((id) => `${id} ${requirementName(id)}`).join('; ')}
            </p>
          ) : null}
        </section>
      ) : null}

      {live ? (
        <section aria-labelledby="affirm-heading" class="margin-top-4" id="affirm">
          <h2 id="affirm-heading">Affirm continuous compliance</h2>
          <p>
            {due?.latest ? `Latest affirmation ${due.latest}; it holds through ${due.dueBy}. ` : 'No affirmation counts yet. '}
            An affirmation is dated today ({p.today}) and holds for one year.
          </p>
          <form method="post" action={`/company/uids/${rec.uid}/affirm`} class="usa-form usa-form--large maxw-full" novalidate>
            <Csrf token={p.csrf} />
            <IdempotencyKey />
            <ErrorSummary errors={errs('affirm')} />
            <AffirmationStatement text={p.statement} />
            <AffirmationFields officials={p.officials} values={vals('affirm')} errors={errs('affirm')} />
            <ConfirmStep heading="An affirmation is permanent" values={vals('affirm')} errors={errs('affirm')}>
              The official affirms the statement above for UID {rec.uid}, dated today ({p.today}). The affirmation is recorded in the UID's history and cannot be
              withdrawn; a change in compliance is recorded separately below.
            </ConfirmStep>
            <Submit label="Affirm" />
          </form>
        </section>
      ) : null}

      {live ? <ComplianceChangeForm uid={rec.uid} action={`/company/uids/${rec.uid}/compliance-change`} csrf={p.csrf} today={p.today} values={vals('change')} errors={errs('change')} /> : null}
    </>
  );
}

