/**
 * Company profile (read-only for contractors: SAM-style company and CAGE records are the
 * administrator's, rules §9), the assessment scopes, and the Affirming Officials on file.
 */
import type { Company } from '../../../db/schema.js';
import type { ScopeSummary, WorkspaceAlerts } from '../../../src/services/contractor.js';
import { AffirmationsBanner } from '../../components/affirmation-banner.js';
import { EmptyState, Notice } from '../../components/alerts.js';
import { CompanyUidLink } from '../../components/company-uid.js';
import { Csrf, IdempotencyKey, ErrorSummary, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { StatusTag } from '../../components/reasons.js';
import { ColumnHeads, Table } from '../../components/table.js';
import { LEVEL_LABEL } from '../../labels.js';
import { PlainList } from '../../components/plain-list.js';

export interface CompanyPageProps {
  hlo: string;
  company: Company | null;
  hierarchy: Company[];
  scopes: ScopeSummary[];
  officials: { id: number; name: string; title: string; email: string | null; phone: string | null }[];
  /** The C3PAO accounts engaged with the company. */
  engagements: { id: number; assessorEmail: string; createdAt: string }[];
  alerts: WorkspaceAlerts;
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  notice?: string | null;
}

export function CompanyPage(p: CompanyPageProps) {
  // Two forms share the page's refusal: each shows it only when it was the one posted.
  const engaging = p.values.assessorEmail !== undefined;
  const engageErrors = engaging ? p.errors : {};
  const officialErrors = engaging ? {} : p.errors;
  return (
    <>
      <h1>{p.company?.name ?? `Company ${p.hlo}`}</h1>
      <Notice text={p.notice} />
      <AffirmationsBanner alerts={p.alerts} />
      <h2 id="cage-heading">CAGE hierarchy</h2>
      <p class="usa-hint">
        Company and CAGE records come from SAM and are kept by an administrator; this page shows them read-only. Ask your administrator to correct them.
      </p>
      <Table labelledBy="cage-heading" head={<ColumnHeads labels={['CAGE', 'Name', 'UEI', 'SAM registration', 'Address']} />}>
        {p.hierarchy.map((c) => (
          <tr>
            <th scope="row" class="ag-mono">
              {c.cage}
              {c.cage === p.hlo ? ' (HLO)' : ''}
            </th>
            <td>{c.name}</td>
            <td class="ag-mono">{c.uei ?? '—'}</td>
            <td>{c.samActive ? 'Active' : 'Not active'}</td>
            <td>{c.address ?? '—'}</td>
          </tr>
        ))}
      </Table>

      <h2 id="scopes-heading">Assessment scopes</h2>
      <p class="usa-hint">
        A scope is the Enterprise or an Enclave an assessment covers. It is created by its first assessment; each later assessment of the same scope supersedes
        the previous UID of its level family.
      </p>
      {p.scopes.length ? (
        <Table labelledBy="scopes-heading" head={<ColumnHeads labels={['Scope', 'Description', 'CAGE codes in scope', 'Latest assessments']} />}>
          {p.scopes.map((s) => (
            <tr>
              <th scope="row">{s.name}</th>
              <td>{s.description ?? '—'}</td>
              <td class="ag-mono">{s.cages.join(', ') || '—'}</td>
              <td>
                <PlainList
                  items={s.latest}
                  item={(r) => (
                    <>
                      <CompanyUidLink uid={r.uid} /> {LEVEL_LABEL[r.level]} <StatusTag type={r.type} current={r.current} />
                    </>
                  )}
                />
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>
          No scopes yet. <a href="/company/assessments/new?level=L2_SELF">Start a Level 2 self-assessment</a> or{' '}
          <a href="/company/assessments/new?level=L1_SELF">a Level 1 self-assessment</a>; its scope is created when you submit it.
        </EmptyState>
      )}

      <h2 id="engaged-heading">C3PAOs engaged</h2>
      <p class="usa-hint">An engaged C3PAO may post Level 2 (C3PAO) results for the company and close out its POA&amp;Ms.</p>
      {p.engagements.length ? (
        <Table labelledBy="engaged-heading" head={<ColumnHeads labels={['C3PAO account', 'Since']} />}>
          {p.engagements.map((e) => (
            <tr>
              <th scope="row">{e.assessorEmail}</th>
              <td class="ag-nowrap">{e.createdAt.slice(0, 10)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No C3PAO is engaged with the company yet. Engage your assessor below.</EmptyState>
      )}
      <form method="post" action="/company/engagements" id="engage-c3pao" class="usa-form usa-form--large" novalidate>
        <h3>Engage a C3PAO</h3>
        <Csrf token={p.csrf} />
        <IdempotencyKey />
        <ErrorSummary errors={engageErrors} labels={{ assessorEmail: 'C3PAO account email' }} />
        <TextField name="assessorEmail" label="C3PAO account email" type="email" values={p.values} errors={engageErrors} required />
        <Submit label="Engage" />
      </form>

      <h2 id="officials-heading">Affirming Officials</h2>
      <p class="usa-hint">The senior person who affirms continuous compliance for the company (32 CFR 170.22). Officials on file make re-affirmation one click.</p>
      {p.officials.length ? (
        <Table labelledBy="officials-heading" head={<ColumnHeads labels={['Name', 'Title', 'Email', 'Phone']} action="Actions" />}>
          {p.officials.map((o) => (
            <tr>
              <th scope="row">{o.name}</th>
              <td>{o.title}</td>
              <td>{o.email ?? '—'}</td>
              <td>{o.phone ?? '—'}</td>
              <td>
                <form method="post" action={`/company/officials/${o.id}/remove`}>
                  <Csrf token={p.csrf} />
                  <button type="submit" class="usa-button usa-button--unstyled">
                    Remove<span class="usa-sr-only"> {o.name}</span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No Affirming Official on file yet. Add one below.</EmptyState>
      )}
      {/* A refused submission comes back to this form, not the page top: its error summary takes focus (autofocus, which a URL fragment would cancel). */}
      <form method="post" action="/company/officials" id="add-official" class="usa-form usa-form--large" novalidate>
        <h3>Add an Affirming Official</h3>
        <Csrf token={p.csrf} />
        <IdempotencyKey />
        <ErrorSummary errors={officialErrors} />
        <TextField name="name" label="Name" values={p.values} errors={officialErrors} required autocomplete="name" />
        <TextField name="title" label="Title" values={p.values} errors={officialErrors} required autocomplete="organization-title" />
        <TextField name="email" label="Email (optional)" type="email" values={p.values} errors={officialErrors} autocomplete="email" />
        <TextField name="phone" label="Phone (optional)" type="tel" values={p.values} errors={officialErrors} autocomplete="tel" />
        <Submit label="Add official" />
      </form>
    </>
  );
}
