/**
 * Solicitations: the list, the create/edit form with its live DFARS 204.7504 decision (an htmx
 * fragment the saved page shows too), and the solicitation page with its offers.
 */
import type { ApplicabilityDecision } from '../../../src/domain/applicability.js';
import type { Offer } from '../../../src/services/offers.js';
import type { Solicitation } from '../../../src/services/solicitations.js';
import { Alert, EmptyState } from '../../components/alerts.js';
import { Fact } from '../../components/facts.js';
import { Checkbox, Csrf, IdempotencyKey, ErrorSummary, SelectField, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { BackLink } from '../../components/links.js';
import { SearchList } from '../../components/search-list.js';
import { ReasonList } from '../../components/reasons.js';
import { ColumnHeads, Table, type Column, type Paging } from '../../components/table.js';
import { labelOptions, LEVEL_LABEL } from '../../labels.js';

export const ACTION_TYPE_LABEL = { CONTRACT: 'Contract', TASK_ORDER: 'Task order', DELIVERY_ORDER: 'Delivery order' } as const;
export const INFORMATION_LABEL = {
  NONE: 'Neither FCI nor CUI',
  FCI: 'Federal contract information (FCI) only',
  CUI: 'Controlled unclassified information (CUI)',
} as const;

/** The DFARS 204.7504 decision in words: clause used or not, the level, the phase advisory. */
export function ApplicabilityPanel({ decision, prompt }: { decision: ApplicabilityDecision | null; prompt?: string }) {
  return (
    <div id="applicability" aria-live="polite" class="usa-summary-box margin-y-2">
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading">CMMC clauses (DFARS 204.7504)</h2>
        {decision ? (
          <div class="usa-summary-box__text">
            <p>
              {decision.clauseApplies ? (
                <>
                  <strong>Used:</strong> {decision.clauses.join(' and ')}.{' '}
                  {decision.requiredLevel ? (
                    <>
                      Required level: <strong>{LEVEL_LABEL[decision.requiredLevel]}</strong>.
                    </>
                  ) : (
                    <strong>No CMMC level is set: obtain one from the program office before checking offers.</strong>
                  )}
                </>
              ) : (
                <>
                  <strong>Not used.</strong> No CMMC check applies to offers on this solicitation.
                </>
              )}
            </p>
            <ReasonList reasons={decision.reasons} />
            <p>
              <strong>Phase (32 CFR 170.3(e)):</strong> {decision.phase.advisory}
            </p>
          </div>
        ) : (
          <p class="usa-summary-box__text">{prompt ?? 'Enter the issue date and what contractor systems will handle to see whether the clauses apply.'}</p>
        )}
      </div>
    </div>
  );
}

export function SolicitationForm({ csrf, values, errors, action, decision }: { csrf: string | null; values: FormValues; errors: FormErrors; action: string; decision: ApplicabilityDecision | null }) {
  return (
    <form class="usa-form usa-form--large" method="post" action={action} novalidate>
      <Csrf token={csrf} />
      <IdempotencyKey />
      <TextField name="number" label="Solicitation number" hint="As printed on the solicitation, for example W912QR-27-R-0001" values={values} errors={errors} required maxlength={60} />
      <TextField name="title" label="Title" values={values} errors={errors} required maxlength={300} />
      <TextField name="issueDate" label="Issue date" hint="YYYY-MM-DD" values={values} errors={errors} required maxlength={10} />
      <SelectField name="actionType" label="Action type" empty="- Choose -" options={labelOptions(ACTION_TYPE_LABEL)} values={values} errors={errors} required />
      {/* Any change inside re-asks the server for the DFARS 204.7504 decision (htmx includes the enclosing form's fields). */}
      <div hx-post="/officer/solicitations/applicability" hx-trigger="change" hx-target="#applicability" hx-swap="outerHTML">
        <SelectField name="programOfficeLevel" label="CMMC level set by the program office" empty="None set" options={labelOptions(LEVEL_LABEL)} values={values} errors={errors} />
        <SelectField name="information" label="Contractor systems will process, store or transmit" empty="- Choose -" options={labelOptions(INFORMATION_LABEL)} values={values} errors={errors} required />
        <fieldset class="usa-fieldset margin-top-2">
          <legend class="usa-legend">Exemptions</legend>
          <Checkbox name="cotsOnly" label="Exclusively commercially available off-the-shelf (COTS) items" values={values} />
          <Checkbox name="waiver" label="CMMC requirements waived (32 CFR 170.5(d))" values={values} />
        </fieldset>
        <ApplicabilityPanel decision={decision} />
      </div>
      <fieldset class="usa-fieldset">
        <legend class="usa-legend">NIST SP 800-171 DoD Assessment</legend>
        <Checkbox name="nistApplies" label="DFARS 252.204-7012 is included" hint="Offers are then checked for a posted NIST SP 800-171 DoD Assessment (DFARS 204.7303(b))." values={values} />
        <TextField
          name="nistMaxAgeDays"
          label="Lesser maximum age of the assessment, in days (optional)"
          hint="Leave blank for the standard 3 years. A solicitation may only shorten it."
          inputmode="numeric"
          values={values}
          errors={errors}
          maxlength={4}
        />
      </fieldset>
      <TextField name="plannedAwardDate" label="Planned award date (optional)" hint="YYYY-MM-DD. Offer checks warn of any UID that lapses before it." values={values} errors={errors} maxlength={10} />
      <Submit label="Save solicitation" />
    </form>
  );
}

export function SolicitationFormPage(p: { csrf: string | null; values: FormValues; errors: FormErrors; decision: ApplicabilityDecision | null; editing?: Solicitation }) {
  return (
    <>
      <BackLink href={p.editing ? `/officer/solicitations/${p.editing.id}` : '/officer/solicitations'}>{p.editing ? `Back to ${p.editing.number}` : 'Back to solicitations'}</BackLink>
      <h1>{p.editing ? `Edit solicitation ${p.editing.number}` : 'New solicitation'}</h1>
      <ErrorSummary errors={p.errors} />
      <SolicitationForm csrf={p.csrf} values={p.values} errors={p.errors} action={p.editing ? `/officer/solicitations/${p.editing.id}` : '/officer/solicitations'} decision={p.decision} />
    </>
  );
}

const SOLICITATION_COLUMNS: Column<Solicitation & { offerCount: number }>[] = [
  {
    label: 'Number',
    sort: 'number',
    cell: (s) => (
      <a href={`/officer/solicitations/${s.id}`} class="ag-mono">
        {s.number}
      </a>
    ),
  },
  { label: 'Title', sort: 'title', cell: (s) => s.title },
  { label: 'Issue date', sort: 'issueDate', class: 'ag-nowrap', cell: (s) => s.issueDate },
  { label: 'Action type', cell: (s) => ACTION_TYPE_LABEL[s.actionType] },
  { label: 'Required level', cell: (s) => (s.decision.requiredLevel ? LEVEL_LABEL[s.decision.requiredLevel] : s.decision.clauseApplies ? 'Level needed' : 'Clauses not used') },
  { label: 'NIST (252.204-7012)', cell: (s) => (s.nistApplies ? `Yes${s.nistMaxAgeDays ? ` (≤ ${s.nistMaxAgeDays} days)` : ''}` : 'No') },
  { label: 'Offers', cell: (s) => s.offerCount },
];

export function SolicitationListPage(p: {
  rows: (Solicitation & { offerCount: number })[];
  paging: Paging;
  sort: { sort: string; dir: 'asc' | 'desc' };
  q: string;
  base: string;
}) {
  const none = (
    <>
      No solicitation yet. <a href="/officer/solicitations/new">Create the first one</a> to enter offers and check their CMMC UIDs.
    </>
  );
  const add = { href: '/officer/solicitations/new', label: 'New solicitation' };
  return <SearchList title="Solicitations" noun="solicitation" action="/officer/solicitations" searchLabel="Search solicitations by number or title" add={add} q={p.q} columns={SOLICITATION_COLUMNS} list={p} none={none} />;
}

export function SolicitationPage({ s, offers, saved }: { s: Solicitation; offers: Offer[]; saved?: boolean }) {
  return (
    <>
      <BackLink href="/officer/solicitations">Back to solicitations</BackLink>
      {saved ? (
        <Alert type="success" slim>
          Solicitation saved.
        </Alert>
      ) : null}
      <h1>
        Solicitation <span class="ag-mono">{s.number}</span>
      </h1>
      <p class="usa-intro">{s.title}</p>
      <dl class="ag-facts">
        <Fact term="Issue date">{s.issueDate}</Fact>
        <Fact term="Action type">{ACTION_TYPE_LABEL[s.actionType]}</Fact>
        <Fact term="Program office level">{s.programOfficeLevel ? LEVEL_LABEL[s.programOfficeLevel] : 'None set'}</Fact>
        <Fact term="Contractor systems handle">{INFORMATION_LABEL[s.information]}</Fact>
        <Fact term="COTS only / waiver">
          {s.cotsOnly ? 'COTS only' : 'Not COTS only'} / {s.waiver ? 'waived (32 CFR 170.5(d))' : 'no waiver'}
        </Fact>
        <Fact term="DFARS 252.204-7012">{s.nistApplies ? `Included: NIST SP 800-171 DoD Assessment checked${s.nistMaxAgeDays ? `, at most ${s.nistMaxAgeDays} days old` : ' (3 years)'}` : 'Not included'}</Fact>
        <Fact term="Planned award date">{s.plannedAwardDate ?? 'Not given'}</Fact>
      </dl>
      <p class="ag-noprint">
        <a class="usa-button usa-button--outline" href={`/officer/solicitations/${s.id}/edit`}>
          Edit solicitation
        </a>
      </p>
      <ApplicabilityPanel decision={s.decision} />
      <h2>Offers</h2>
      <p class="ag-noprint">
        <a class="usa-button" href={`/officer/solicitations/${s.id}/offers/new`}>
          Enter an offer
        </a>
        {offers.length > 1 ? (
          <a class="usa-button usa-button--outline" href={`/officer/solicitations/${s.id}/compare`}>
            Compare offers side by side
          </a>
        ) : null}
      </p>
      {offers.length ? (
        <Table caption={`Offers received on ${s.number}`} head={<ColumnHeads labels={['Offeror', 'CAGE', 'UEI', 'UIDs listed']} action="Actions" />}>
          {offers.map((o) => (
            <tr>
              <th scope="row">
                <a href={`/officer/offers/${o.id}`}>{o.offerorName}</a>
              </th>
              <td class="ag-mono">{o.cage}</td>
              <td class="ag-mono">{o.uei}</td>
              <td>{o.uids.length}</td>
              <td>
                <a href={`/officer/offers/${o.id}/check`}>Check {o.offerorName}'s UIDs</a>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          <p>
            No offer entered yet. <a href={`/officer/solicitations/${s.id}/offers/new`}>Enter an offer</a> with the UIDs the offeror listed.
          </p>
        </EmptyState>
      )}
    </>
  );
}
