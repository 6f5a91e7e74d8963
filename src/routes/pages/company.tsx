/**
 * The contractor workspace at /company (rules §9: own company only). Every write goes through the
 * services the API uses (records.ts, nist-postings.ts, contractor.ts); forms re-render with 422,
 * their messages and the user's values; successes redirect (303) to the page that shows the result.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { z } from 'zod';
import { AffirmationsPage, AFFIRMATION_SORTS, type AffirmationSort } from '../../../views/pages/company/affirmations.js';
import { SelfAssessmentPage, NEW_ENCLAVE } from '../../../views/pages/company/assessment-form.js';
import { AssessmentsPage, RECORD_SORTS, type RecordSort } from '../../../views/pages/company/assessments.js';
import { CompanyNistPage } from '../../../views/pages/company/nist.js';
import { OfferUidsPage, OFFER_SORTS, type OfferSort } from '../../../views/pages/company/offer-uids.js';
import { PoamPage } from '../../../views/pages/company/poam.js';
import { CompanyPage } from '../../../views/pages/company/profile.js';
import { CompanyUidPage, type UidForm } from '../../../views/pages/company/uid.js';
import { Notice } from '../../../views/components/alerts.js';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { answersFromForm } from '../../../views/components/requirements-form.js';
import { ScorePanelBody } from '../../../views/components/score-panel.js';
import { parsePaging, parseSort } from '../../../views/components/table.js';
import { AFFIRMATION_STATEMENT } from '../../domain/affirmation-schedule.js';
import { isUid, normaliseId } from '../../domain/identifiers.js';
import { LEVEL_LABEL, LEVEL_RANK, statusLabel } from '../../domain/levels.js';
import { requirementsFor } from '../../domain/requirements.js';
import { previewScore } from '../../domain/scoring.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../../domain/eligibility.js';
import {
  addOfficial,
  companyHloOf,
  companyProfile,
  companyRecord,
  companyRecords,
  companyScopes,
  isSelfLevel,
  listOfficials,
  officialAsAffirmation,
  reaffirm,
  removeOfficial,
  workspaceAlerts,
  type CompanyRecord,
  type SelfLevel,
} from '../../services/contractor.js';
import { deleteDraft, getDraft, listDrafts, nistScoreFrom, saveDraft, submitSelfAssessment } from '../../services/drafts.js';
import { toCsv } from '../../services/csv.js';
import { ServiceError } from '../../services/errors.js';
import { AffirmationInput, ComplianceChangeInput, NistAssessmentInput, PostAssessmentInput } from '../../services/inputs.js';
import { listNistAssessments, postNistAssessment } from '../../services/nist-postings.js';
import { affirm, closeOut, recordComplianceChange, type PresentedRecord } from '../../services/records.js';
import type { AppEnv } from '../env.js';
import { opt, readForm, scoredFormState, serviceErrorsToForm } from './forms.js';
import { CONFIRM_CHANGE_MESSAGE } from '../../../views/components/compliance-change.js';
import { requireUser } from './session.js';

type C = Context<AppEnv>;

/** What a redirect after a successful write says (fixed texts: nothing from the query is echoed). */
const NOTICES: Record<string, string> = {
  posted: 'Submitted. The system assigned this UID and set the status date to today.',
  affirmed: 'Affirmed today. The affirmation holds for one year.',
  'closeout-success': 'POA&M closed out: the status is now Final, with the same UID and the same status date.',
  'closeout-failed': 'POA&M closeout recorded as failed: the Conditional status ended today.',
  changed: 'Change in compliance recorded: this UID is not current from the date of the change.',
  saved: 'Draft saved. It is not posted until you submit it.',
  'draft-deleted': 'Draft deleted.',
  'official-added': 'Affirming Official added.',
  'official-removed': 'Affirming Official removed.',
  'nist-posted': 'NIST SP 800-171 DoD Assessment posted.',
};
const notice = (c: C) => NOTICES[c.req.query('done') ?? ''] ?? null;

const STATUS_OF: Record<ServiceError['kind'], 400 | 401 | 403 | 404 | 409 | 422> = {
  validation: 422,
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/** zod issues → form messages keyed by path (the same shape parseForm gives). */
function zodToForm(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const i of error.issues) {
    const path = i.path.map(String).join('.') || '_form';
    errors[path] ??= i.code === 'unrecognized_keys' ? 'unexpected field' : i.message;
  }
  return errors;
}

/** `cages.3` messages belong to the CAGE checkbox group as a whole. */
function groupCageErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = /^cages\.\d+$/.test(k) ? 'cages' : k;
    out[key] = out[key] ? `${out[key]}; ${v}` : v;
  }
  return out;
}

/** Runs a write; a ServiceError becomes form messages and the HTTP status of its kind. */
async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors; status: 400 | 401 | 403 | 404 | 409 | 422 }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    const errors = serviceErrorsToForm(e);
    if (!errors || !(e instanceof ServiceError)) throw e;
    return { ok: false, errors: groupCageErrors(errors), status: STATUS_OF[e.kind] };
  }
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** The affirmation a form carries: an official on file, or the typed name/title/email. */
async function affirmationFrom(c: C, values: FormValues, prefix: string): Promise<unknown> {
  const id = str(values.officialId);
  if (id && id !== 'other') return officialAsAffirmation(c.var.ctx, c.var.actor!, Number(id));
  return { name: str(values[`${prefix}name`]), title: str(values[`${prefix}title`]), ...(opt(values[`${prefix}email`]) ? { email: opt(values[`${prefix}email`]) } : {}) };
}

function sortBy<T>(rows: T[], key: (r: T) => string | number | null, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === null) return 1; // blanks last either way
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}

function page<T>(c: C, rows: T[]) {
  const { page: n, pageSize, offset } = parsePaging((k) => c.req.query(k));
  return { shown: rows.slice(offset, offset + pageSize), paging: { page: n, pageSize, total: rows.length } };
}

function notFoundPage(c: C, what: string) {
  c.status(404);
  return c.render(
    <>
      <h1>Not found</h1>
      <p>
        {what} <a href="/company">Back to your company</a>.
      </p>
    </>,
    { title: 'Not found' },
  );
}

const scopeFromValues = (values: FormValues): { scope: string; error: string | null } => {
  const choice = str(values.scopeChoice) || 'Enterprise';
  if (choice !== NEW_ENCLAVE) return { scope: choice, error: null };
  const name = str(values.enclaveName).trim();
  return name ? { scope: `Enclave: ${name}`, error: null } : { scope: '', error: 'Name the new enclave, or choose an existing scope' };
};

export function companyPages() {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser('CONTRACTOR'));

  // ---- company profile, scopes, officials ----

  const renderProfile = async (c: C, form: { values: FormValues; errors: FormErrors } = { values: {}, errors: {} }, status: 200 | 422 = 200) => {
    const actor = c.var.actor!;
    const [profile, scopes, records] = await Promise.all([companyProfile(c.var.ctx, actor), companyScopes(c.var.ctx, actor), companyRecords(c.var.ctx, actor)]);
    c.status(status);
    return c.render(
      <CompanyPage {...profile} scopes={scopes} alerts={workspaceAlerts(records)} csrf={c.var.csrfToken} values={form.values} errors={form.errors} notice={notice(c)} />,
      { title: 'Company' },
    );
  };

  app.get('/', (c) => renderProfile(c));

  app.post('/officials', async (c) => {
    const values = await readForm(c);
    const parsed = AffirmationInput.safeParse({ name: str(values.name), title: str(values.title), ...(opt(values.email) ? { email: opt(values.email) } : {}), ...(opt(values.phone) ? { phone: opt(values.phone) } : {}) });
    if (!parsed.success) return renderProfile(c, { values, errors: zodToForm(parsed.error) }, 422);
    await addOfficial(c.var.ctx, c.var.actor!, parsed.data);
    return c.redirect('/company?done=official-added#officials-heading', 303);
  });

  app.post('/officials/:id/remove', async (c) => {
    const r = await attempt(() => removeOfficial(c.var.ctx, c.var.actor!, Number(c.req.param('id'))));
    if (!r.ok) return notFoundPage(c, 'No such Affirming Official.');
    return c.redirect('/company?done=official-removed#officials-heading', 303);
  });

  // ---- assessments list ----

  app.get('/assessments', async (c) => {
    const actor = c.var.actor!;
    const [records, drafts, nist] = await Promise.all([companyRecords(c.var.ctx, actor), listDrafts(c.var.ctx, actor), listNistAssessments(c.var.ctx, actor, companyHloOf(actor))]);
    const sort = parseSort<RecordSort>((k) => c.req.query(k), RECORD_SORTS, 'statusDate');
    const dir = c.req.query('sort') ? sort.dir : 'desc';
    const key = (r: PresentedRecord): string | number | null =>
      sort.sort === 'level' ? LEVEL_RANK[r.level] : sort.sort === 'status' ? `${r.current ? 0 : 1}${r.type}` : sort.sort === 'currentThrough' ? r.currentThrough : r[sort.sort];
    const sorted = sortBy(records.map((r) => r.presented), key, dir);
    const { shown, paging } = page(c, sorted);
    const body = <AssessmentsPage records={shown} paging={paging} sort={{ sort: sort.sort, dir }} drafts={drafts} nist={nist} csrf={c.var.csrfToken} />;
    const n = notice(c);
    return c.render(
      <>
        <Notice text={n} />
        {body}
      </>,
      { title: 'Assessments' },
    );
  });

  // ---- the self-assessment form ----

  const renderForm = async (
    c: C,
    s: { level: SelfLevel; draftId: number | null; values: FormValues; answers: Record<string, string>; errors?: FormErrors; showMissing?: boolean },
    status: 200 | 400 | 401 | 403 | 404 | 409 | 422 = 200,
  ) => {
    const actor = c.var.actor!;
    const [profile, scopes] = await Promise.all([companyProfile(c.var.ctx, actor), companyScopes(c.var.ctx, actor)]);
    c.status(status);
    return c.render(
      <SelfAssessmentPage
        level={s.level}
        draftId={s.draftId}
        {...scoredFormState(c, s)}
        hierarchy={profile.hierarchy}
        scopeNames={scopes.map((x) => x.name)}
        officials={profile.officials}
        statement={AFFIRMATION_STATEMENT}
        notice={notice(c)}
      />,
      { title: `${LEVEL_LABEL[s.level]} self-assessment` },
    );
  };

  app.get('/assessments/new', (c) => {
    const level = c.req.query('level') ?? 'L2_SELF';
    if (!isSelfLevel(level)) return notFoundPage(c, 'Contractors post Level 1 (Self) and Level 2 (Self) assessments here; C3PAO and DIBCAC results come from the assessor.');
    return renderForm(c, { level, draftId: null, values: { scopeChoice: 'Enterprise', cages: [companyHloOf(c.var.actor!)] }, answers: {} });
  });

  app.get('/assessments/drafts/:id', async (c) => {
    const r = await attempt(() => getDraft(c.var.ctx, c.var.actor!, Number(c.req.param('id'))));
    if (!r.ok) return notFoundPage(c, 'No such draft.');
    const d = r.value;
    const scopes = (await companyScopes(c.var.ctx, c.var.actor!)).map((s) => s.name);
    const known = d.scope === 'Enterprise' || scopes.includes(d.scope);
    const values: FormValues = {
      scopeChoice: !d.scope ? 'Enterprise' : known ? d.scope : NEW_ENCLAVE,
      enclaveName: !known && d.scope.startsWith('Enclave: ') ? d.scope.slice('Enclave: '.length) : !known ? d.scope : '',
      scopeDescription: d.scopeDescription ?? '',
      cages: d.cages,
    };
    return renderForm(c, { level: d.level as SelfLevel, draftId: d.id, values, answers: d.answers });
  });

  app.post('/assessments/drafts/:id/delete', async (c) => {
    const r = await attempt(() => deleteDraft(c.var.ctx, c.var.actor!, Number(c.req.param('id'))));
    if (!r.ok) return notFoundPage(c, 'No such draft.');
    return c.redirect('/company/assessments?done=draft-deleted', 303);
  });

  /** htmx: the score panel for the answers so far (the same component the page renders). */
  app.post('/assessments/preview', async (c) => {
    const values = await readForm(c);
    const level = str(values.level);
    if (!isSelfLevel(level)) return c.text('Unknown level', 400);
    return c.html(<ScorePanelBody preview={previewScore(level, answersFromForm(values))} />);
  });

  app.post('/assessments/new', async (c) => {
    const actor = c.var.actor!;
    const values = await readForm(c);
    const level = str(values.level);
    if (!isSelfLevel(level)) return notFoundPage(c, 'Unknown self-assessment level.');
    const draftId = Number(str(values.draftId)) || null;
    const answers = answersFromForm(values);
    const action = str(values.action) || 'preview';

    if (action === 'all-met') {
      // A shortcut for the common case; it fills only what is still unanswered.
      for (const r of requirementsFor(level)) answers[r.id] ??= 'MET';
      return renderForm(c, { level, draftId, values, answers });
    }
    if (action === 'save') {
      const scope = str(values.scopeChoice) === NEW_ENCLAVE ? (str(values.enclaveName).trim() ? `Enclave: ${str(values.enclaveName).trim()}` : '') : str(values.scopeChoice) || 'Enterprise';
      const r = await attempt(() => saveDraft(c.var.ctx, actor, { id: draftId, level, scope, scopeDescription: opt(values.scopeDescription) ?? null, cages: asList(values.cages), answers }));
      if (!r.ok) return renderForm(c, { level, draftId, values, answers, errors: r.errors }, r.status);
      return c.redirect(`/company/assessments/drafts/${r.value.id}?done=saved`, 303);
    }
    if (action !== 'submit') return renderForm(c, { level, draftId, values, answers });

    const errors: FormErrors = {};
    const { scope, error: scopeError } = scopeFromValues(values);
    if (scopeError) errors.enclaveName = scopeError;
    let affirmation: unknown = undefined;
    if (str(values.affirmNow) === 'on') {
      const a = await attempt(() => affirmationFrom(c, values, 'affirmation.'));
      if (a.ok) affirmation = a.value;
      else Object.assign(errors, a.errors);
    }
    const cages = asList(values.cages);
    const parsed = PostAssessmentInput.safeParse({
      level,
      scope: scope || 'Enterprise',
      ...(opt(values.scopeDescription) ? { scopeDescription: opt(values.scopeDescription) } : {}),
      ...(cages.length ? { cages } : {}),
      results: answers,
      ...(affirmation ? { affirmation } : {}),
    });
    if (!cages.length) errors.cages = 'Choose at least one CAGE code in scope';
    if (!parsed.success) {
      const zodErrors = groupCageErrors(zodToForm(parsed.error));
      // The scope is typed as an enclave name or chosen from the list; its message goes there.
      if (zodErrors.scope) zodErrors[str(values.scopeChoice) === NEW_ENCLAVE ? 'enclaveName' : 'scopeChoice'] = zodErrors.scope;
      delete zodErrors.scope;
      Object.assign(errors, zodErrors);
    }
    // Unanswered requirements are reported once, linked to the first, rather than 110 times.
    const unanswered = previewScore(level, answers).unanswered;
    if (unanswered.length) errors[`results.${unanswered[0]}`] = `${unanswered.length} ${unanswered.length === 1 ? 'requirement has' : 'requirements have'} no answer yet (first: ${unanswered[0]}). Answer every requirement before submitting.`;
    if (Object.keys(errors).length || !parsed.success) return renderForm(c, { level, draftId, values, answers, errors, showMissing: unanswered.length > 0 }, 422);

    const r = await attempt(() => submitSelfAssessment(c.var.ctx, actor, parsed.data, draftId));
    if (!r.ok) return renderForm(c, { level, draftId, values, answers, errors: r.errors }, r.status);
    return c.redirect(`/company/uids/${r.value.uid}?done=posted`, 303);
  });

  // ---- one UID: affirm, close out, record a compliance change ----

  const renderUid = async (c: C, uid: string, failed: { form: UidForm; values: FormValues; errors: FormErrors } | null = null, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 = 200) => {
    const r = await attempt(() => companyRecord(c.var.ctx, c.var.actor!, uid));
    if (!r.ok) return notFoundPage(c, `No UID ${normaliseId(uid)} that you may see.`);
    const officials = await listOfficials(c.var.ctx, c.var.actor!);
    c.status(status);
    return c.render(
      <CompanyUidPage r={r.value} today={c.var.ctx.clock.today()} csrf={c.var.csrfToken} officials={officials} statement={AFFIRMATION_STATEMENT} failed={failed} notice={notice(c)} />,
      { title: `UID ${r.value.rec.uid}` },
    );
  };

  app.get('/uids/:uid', (c) => renderUid(c, c.req.param('uid')));

  app.post('/uids/:uid/affirm', async (c) => {
    const uid = c.req.param('uid');
    const values = await readForm(c);
    const a = await attempt(() => affirmationFrom(c, values, ''));
    if (!a.ok) return renderUid(c, uid, { form: 'affirm', values, errors: a.errors }, a.status);
    const parsed = AffirmationInput.safeParse(a.value);
    if (!parsed.success) return renderUid(c, uid, { form: 'affirm', values, errors: zodToForm(parsed.error) }, 422);
    const r = await attempt(() => affirm(c.var.ctx, c.var.actor!, uid, parsed.data));
    if (!r.ok) return renderUid(c, uid, { form: 'affirm', values, errors: r.errors }, r.status);
    return c.redirect(`/company/uids/${r.value.uid}?done=affirmed`, 303);
  });

  app.post('/uids/:uid/closeout', async (c) => {
    const uid = c.req.param('uid');
    const values = await readForm(c);
    let affirmation: z.infer<typeof AffirmationInput> | null = null;
    if (str(values.affirmNow) === 'on') {
      const a = await attempt(() => affirmationFrom(c, values, 'affirmation.'));
      if (!a.ok) return renderUid(c, uid, { form: 'closeout', values, errors: a.errors }, a.status);
      const parsed = AffirmationInput.safeParse(a.value);
      if (!parsed.success) {
        const errors = Object.fromEntries(Object.entries(zodToForm(parsed.error)).map(([k, v]) => [k === '_form' ? k : `affirmation.${k}`, v]));
        return renderUid(c, uid, { form: 'closeout', values, errors }, 422);
      }
      affirmation = parsed.data;
    }
    const r = await attempt(() => closeOut(c.var.ctx, c.var.actor!, uid, { results: answersFromForm(values), affirmation }));
    if (!r.ok) return renderUid(c, uid, { form: 'closeout', values, errors: r.errors }, r.status);
    return c.redirect(`/company/uids/${r.value.uid}?done=${r.value.type === 'FINAL' ? 'closeout-success' : 'closeout-failed'}`, 303);
  });

  app.post('/uids/:uid/compliance-change', async (c) => {
    const uid = c.req.param('uid');
    const values = await readForm(c);
    const parsed = ComplianceChangeInput.safeParse({ date: str(values.date), description: str(values.description) });
    const errors: FormErrors = parsed.success ? {} : zodToForm(parsed.error);
    if (str(values.confirm) !== 'on') errors.confirm = CONFIRM_CHANGE_MESSAGE;
    if (!parsed.success || Object.keys(errors).length) return renderUid(c, uid, { form: 'change', values, errors }, 422);
    const r = await attempt(() => recordComplianceChange(c.var.ctx, c.var.actor!, uid, parsed.data));
    if (!r.ok) return renderUid(c, uid, { form: 'change', values, errors: r.errors }, r.status);
    return c.redirect(`/company/uids/${r.value.uid}?done=changed`, 303);
  });

  // ---- affirmations due ----

  const renderAffirmations = async (c: C, error: string | null = null, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 = 200) => {
    const actor = c.var.actor!;
    const [records, officials] = await Promise.all([companyRecords(c.var.ctx, actor), listOfficials(c.var.ctx, actor)]);
    const rows = records.filter((r) => r.due !== null);
    const urgency = { OVERDUE: 0, AWAITING: 1, DUE_SOON: 2, OK: 3, STATUS_EXPIRED: 4 } as const;
    const attention = sortBy(
      rows.filter((r) => r.due!.state === 'OVERDUE' || r.due!.state === 'AWAITING' || r.due!.state === 'DUE_SOON'),
      (r) => `${urgency[r.due!.state]}${r.due!.dueBy ?? ''}`,
      'asc',
    );
    const sort = parseSort<AffirmationSort>((k) => c.req.query(k), AFFIRMATION_SORTS, 'dueBy');
    const key = (r: CompanyRecord): string | number | null =>
      sort.sort === 'uid' ? r.rec.uid : sort.sort === 'state' ? urgency[r.due!.state] : sort.sort === 'latest' ? r.due!.latest : (r.due!.dueBy ?? '');
    const { shown, paging } = page(c, sortBy(rows, key, sort.dir));
    const chosen = Number(c.req.query('official'));
    const official = officials.find((o) => o.id === chosen) ?? officials[0] ?? null;
    const done = c.req.query('done') === 'affirmed' && isUid(normaliseId(c.req.query('uid') ?? '')) ? `UID ${normaliseId(c.req.query('uid')!)} affirmed today; it holds for one year.` : null;
    c.status(status);
    return c.render(
      <AffirmationsPage
        attention={attention}
        rows={shown}
        paging={paging}
        sort={sort}
        officials={officials}
        official={official}
        statement={AFFIRMATION_STATEMENT}
        csrf={c.var.csrfToken}
        notice={done}
        error={error}
        windowDays={DEFAULT_LOOK_AHEAD_DAYS}
      />,
      { title: 'Affirmations' },
    );
  };

  app.get('/affirmations', (c) => renderAffirmations(c));

  /** One click: the official on file affirms the statement for one UID (records.affirm dates it today). */
  app.post('/affirmations', async (c) => {
    const values = await readForm(c);
    const uid = str(values.uid);
    const r = await attempt(() => reaffirm(c.var.ctx, c.var.actor!, uid, Number(str(values.officialId))));
    if (!r.ok) return renderAffirmations(c, Object.values(r.errors).join(' '), r.status);
    return c.redirect(`/company/affirmations?done=affirmed&uid=${r.value.uid}&official=${encodeURIComponent(str(values.officialId))}`, 303);
  });

  // ---- POA&M ----

  app.get('/poam', async (c) => {
    const records = await companyRecords(c.var.ctx, c.var.actor!);
    const rows = sortBy(
      records.filter((r) => r.closeoutBy),
      (r) => r.closeoutBy,
      'asc',
    );
    return c.render(<PoamPage rows={rows} />, { title: 'POA&M' });
  });

  // ---- My UIDs for an offer (DFARS 252.204-7025(d)) ----

  const offerRows = async (c: C) => {
    const records = (await companyRecords(c.var.ctx, c.var.actor!)).map((r) => r.presented);
    return { current: records.filter((r) => r.current), notCurrent: records.filter((r) => !r.current && !r.supersededBy && r.type !== 'NONE') };
  };

  app.get('/uids', async (c) => {
    const { current, notCurrent } = await offerRows(c);
    const sort = parseSort<OfferSort>((k) => c.req.query(k), OFFER_SORTS, 'currentThrough');
    const key = (r: PresentedRecord): string | number | null => (sort.sort === 'level' ? LEVEL_RANK[r.level] : r[sort.sort]);
    const { shown, paging } = page(c, sortBy(current, key, sort.dir));
    return c.render(<OfferUidsPage today={c.var.ctx.clock.today()} current={current} shown={shown} paging={paging} sort={sort} notCurrent={notCurrent} />, { title: 'My UIDs' });
  });

  app.get('/uids.csv', async (c) => {
    const { current } = await offerRows(c);
    const csv = toCsv(
      ['uid', 'level', 'status', 'status_date', 'current_through', 'scope', 'cage_codes'],
      current.map((r) => [r.uid, r.level, statusLabel(r.level, r.type), r.statusDate, r.currentThrough, r.scope, r.cages.join(' ')]),
    );
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="uids-${companyHloOf(c.var.actor!)}-${c.var.ctx.clock.today()}.csv"`,
    });
  });

  // ---- NIST SP 800-171 DoD Assessment (Basic) ----

  const renderNist = async (c: C, values: FormValues, errors: FormErrors = {}, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 = 200) => {
    const actor = c.var.actor!;
    const [profile, drafts, records] = await Promise.all([companyProfile(c.var.ctx, actor), listDrafts(c.var.ctx, actor), companyRecords(c.var.ctx, actor)]);
    const scoreSources = [
      ...drafts.filter((d) => d.level === 'L2_SELF' && d.answered === d.total).map((d) => ({ value: `draft:${d.id}`, label: `Level 2 draft "${d.scope || 'no scope'}" (score ${previewScore(d.level, d.answers).score ?? '—'})` })),
      ...records
        .filter((r) => (r.rec.level === 'L2_SELF' || r.rec.level === 'L2_C3PAO') && r.rec.score !== null)
        .map((r) => ({ value: `uid:${r.rec.uid}`, label: `UID ${r.rec.uid}, ${LEVEL_LABEL[r.rec.level]}, ${r.rec.statusDate} (score ${r.rec.score})` })),
    ];
    c.status(status);
    return c.render(<CompanyNistPage csrf={c.var.csrfToken} values={values} errors={errors} hierarchy={profile.hierarchy} scoreSources={scoreSources} />, { title: 'NIST SP 800-171 Basic' });
  };

  app.get('/nist/new', (c) =>
    renderNist(c, { assessmentDate: c.var.ctx.clock.today(), standard: 'NIST SP 800-171 Rev 2', cages: [companyHloOf(c.var.actor!)] }),
  );

  app.post('/nist/new', async (c) => {
    const actor = c.var.actor!;
    const values = await readForm(c);
    const errors: FormErrors = {};
    let score: number | undefined;
    const from = str(values.scoreFrom);
    if (from) {
      const s = await attempt(() => nistScoreFrom(c.var.ctx, actor, from));
      if (s.ok) {
        score = s.value.score;
        values.score = String(score);
      } else Object.assign(errors, s.errors);
    } else if (str(values.score).trim() === '') errors.score = 'Enter the summary score, or take it from a Level 2 assessment';
    else if (!/^-?\d+$/.test(str(values.score).trim())) errors.score = 'a whole number from −203 to 110';
    else score = Number(str(values.score).trim());
    const cages = asList(values.cages);
    if (!cages.length) errors.cages = 'Choose at least one CAGE code';
    const parsed = NistAssessmentInput.safeParse({
      cages: cages.length ? cages : undefined,
      confidence: 'BASIC',
      assessmentDate: opt(values.assessmentDate),
      score: score ?? 0,
      fullImplementationDate: opt(values.fullImplementationDate),
      standard: opt(values.standard),
      planDescription: opt(values.planDescription),
    });
    if (!parsed.success) for (const [k, v] of Object.entries(groupCageErrors(zodToForm(parsed.error)))) errors[k] ??= v;
    if (Object.keys(errors).length || !parsed.success) return renderNist(c, values, errors, 422);
    const r = await attempt(() => postNistAssessment(c.var.ctx, actor, companyHloOf(actor), parsed.data));
    if (!r.ok) return renderNist(c, values, r.errors, r.status);
    return c.redirect('/company/assessments?done=nist-posted#nist-heading', 303);
  });

  return app;
}

