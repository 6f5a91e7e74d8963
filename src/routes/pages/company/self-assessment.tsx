/**
 * The Level 1 / Level 2 self-assessment form (rules §6): new, from a draft, saved as a draft, or
 * submitted. One post carries every action ("Update score", "Mark all remaining as MET", "Save
 * draft", "Submit"); only a submission is held to the posting's rules. htmx previews the score.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { FormValues } from '../../../../views/components/form.js';
import { ScorePanelBody } from '../../../../views/components/score-panel.js';
import { NEW_ENCLAVE, SelfAssessmentPage } from '../../../../views/pages/company/assessment-form.js';
import { LEVEL_LABEL } from '../../../domain/levels.js';
import { requirementsFor } from '../../../domain/requirements.js';
import { previewScore } from '../../../domain/scoring.js';
import { companyHloOf, companyProfile, companyScopes, isSelfLevel, type SelfLevel } from '../../../services/contractor.js';
import { deleteDraft, getDraft, saveDraft, submitSelfAssessment } from '../../../services/drafts.js';
import { notFound } from '../../../services/errors.js';
import { AFFIRMATION_STATEMENT } from '../../../domain/affirmation-schedule.js';
import { PostAssessmentInput } from '../../../services/inputs.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { CONFIRM_NO_STATUS } from '../confirmations.js';
import { errorPage } from '../errors.js';
import { all, answersFromForm, one, opt, ticked } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, issuesToForm, postedForm, refuse, type FormState } from '../validator.js';
import { scoredFormState } from '../scored-form.js';
import { affirmationFrom, notice } from './shared.js';

interface SelfAssessmentState extends FormState {
  level: SelfLevel;
  draftId: number | null;
  answers: Record<string, string>;
  showMissing?: boolean;
}

async function selfAssessmentView(c: Context<PagesEnv>, s: SelfAssessmentState): Promise<View> {
  const actor = c.var.actor!;
  const [profile, scopes] = await Promise.all([companyProfile(c.var.ctx, actor), companyScopes(c.var.ctx, actor)]);
  return {
    title: `${LEVEL_LABEL[s.level]} self-assessment`,
    page: (
      <SelfAssessmentPage
        level={s.level}
        draftId={s.draftId}
        {...scoredFormState(c, s)}
        hierarchy={profile.hierarchy}
        scopeNames={scopes.map((x) => x.name)}
        officials={profile.officials}
        statement={AFFIRMATION_STATEMENT}
        notice={notice(c)}
      />
    ),
  };
}

const levelOf = (v: FormValues): SelfLevel => {
  const level = one(v.level);
  if (!isSelfLevel(level)) throw notFound('Unknown self-assessment level');
  return level;
};
const ACTIONS = ['preview', 'all-met', 'save', 'submit'] as const;

/** Which action, for which level and draft; an unknown action only updates the score. */
const SelfAssessmentPost = z.object({ level: z.custom<SelfLevel>(isSelfLevel), draftId: z.number().nullable(), action: z.enum(ACTIONS) });
const selfAssessmentPost = (v: FormValues) => {
  const action = one(v.action);
  return { level: levelOf(v), draftId: Number(one(v.draftId)) || null, action: (ACTIONS as readonly string[]).includes(action) ? action : 'preview' };
};

/** The form as posted; unanswered requirements are marked once a submission was refused for them. */
const postedView = (c: Context<PagesEnv>, form: FormState) =>
  selfAssessmentView(c, {
    ...form,
    level: levelOf(form.values),
    draftId: Number(one(form.values.draftId)) || null,
    answers: answersFromForm(form.values),
    showMissing: one(form.values.action) === 'submit' && Object.keys(form.errors).some((k) => k.startsWith('results.')),
  });

/** The scope as chosen from the list, or a new enclave named in the text field. */
function scopeFromValues(values: FormValues): { scope: string; error: string | null } {
  const choice = one(values.scopeChoice) || 'Enterprise';
  if (choice !== NEW_ENCLAVE) return { scope: choice, error: null };
  const name = one(values.enclaveName).trim();
  return name ? { scope: `Enclave: ${name}`, error: null } : { scope: '', error: 'Name the new enclave, or choose an existing scope' };
}

/** A submission held to the posting's rules; every problem of the form is reported at once. */
async function submission(c: Context<PagesEnv>, level: SelfLevel, values: FormValues, answers: Record<string, string>) {
  const errors: Record<string, string> = {};
  const { scope, error: scopeError } = scopeFromValues(values);
  if (scopeError) errors.enclaveName = scopeError;
  const affirmation = ticked(values.affirmNow) ? await affirmationFrom(c, values, 'affirmation.') : undefined;
  const cages = all(values.cages);
  if (!cages.length) errors.cages = 'Choose at least one CAGE code in scope';
  const parsed = PostAssessmentInput.safeParse({
    level,
    scope: scope || 'Enterprise',
    scopeDescription: opt(values.scopeDescription),
    cages: cages.length ? cages : undefined,
    results: answers,
    affirmation,
  });
  if (!parsed.success) {
    const zodErrors = issuesToForm(parsed.error, values);
    // The scope is typed as an enclave name or chosen from the list; its message goes there.
    if (zodErrors.scope) zodErrors[one(values.scopeChoice) === NEW_ENCLAVE ? 'enclaveName' : 'scopeChoice'] = zodErrors.scope;
    delete zodErrors.scope;
    Object.assign(errors, zodErrors);
  }
  // Unanswered requirements are reported once, linked to the first, rather than 110 times.
  const preview = previewScore(level, answers);
  const unanswered = preview.unanswered;
  // No CMMC Status is posted like any status and cannot be taken back: it is confirmed first (issue 10).
  if (preview.complete && preview.type === 'NONE' && !ticked(values.confirm)) errors.confirm = CONFIRM_NO_STATUS;
  if (unanswered.length) errors[`results.${unanswered[0]}`] = `${unanswered.length} ${unanswered.length === 1 ? 'requirement has' : 'requirements have'} no answer yet (first: ${unanswered[0]}). Answer every requirement before submitting.`;
  if (!parsed.success || Object.keys(errors).length) throw refuse(errors);
  return parsed.data;
}

/** A draft's id from the address; anything but a whole number names no draft (not a NaN bound into SQL). */
function draftId(param: string): number {
  const id = /^[0-9]{1,15}$/.test(param) ? Number(param) : NaN;
  if (!Number.isSafeInteger(id)) throw notFound('No such draft');
  return id;
}

export function selfAssessmentPages() {
  return new Hono<PagesEnv>()
    .get('/new', async (c) => {
      const level = c.req.query('level') ?? 'L2_SELF';
      if (!isSelfLevel(level)) throw notFound('Contractors post Level 1 (Self) and Level 2 (Self) assessments here; C3PAO and DIBCAC results come from the assessor');
      return pageOrFragment(c, await selfAssessmentView(c, { level, draftId: null, values: { scopeChoice: 'Enterprise', cages: [companyHloOf(c.var.actor!)] }, errors: {}, answers: {} }));
    })
    .get('/drafts/:id', async (c) => {
      const d = await getDraft(c.var.ctx, c.var.actor!, draftId(c.req.param('id')));
      const scopes = (await companyScopes(c.var.ctx, c.var.actor!)).map((s) => s.name);
      const known = d.scope === 'Enterprise' || scopes.includes(d.scope);
      const values: FormValues = {
        scopeChoice: !d.scope ? 'Enterprise' : known ? d.scope : NEW_ENCLAVE,
        enclaveName: !known && d.scope.startsWith('Enclave: ') ? d.scope.slice('Enclave: '.length) : !known ? d.scope : '',
        scopeDescription: d.scopeDescription ?? '',
        cages: d.cages,
      };
      return pageOrFragment(c, await selfAssessmentView(c, { level: d.level as SelfLevel, draftId: d.id, values, errors: {}, answers: d.answers }));
    })
    .post('/drafts/:id/delete', async (c) => {
      await deleteDraft(c.var.ctx, c.var.actor!, draftId(c.req.param('id')));
      return c.redirect('/company/assessments?done=draft-deleted', 303);
    })
    /** htmx: the score panel for the answers so far (the same component the page renders). */
    .post('/preview', postedForm(), (c) => {
      const { values } = c.req.valid('form');
      const level = one(values.level);
      if (!isSelfLevel(level)) return errorPage(c, 400, 'Unknown level.');
      return c.html(<ScorePanelBody preview={previewScore(level, answersFromForm(values))} />);
    })
    .post('/new', once(), formValidator(SelfAssessmentPost, selfAssessmentPost, postedView), async (c) => {
      const { data, values } = c.req.valid('form');
      const { level, draftId } = data;
      const answers = answersFromForm(values);
      if (data.action === 'all-met') {
        // A shortcut for the common case; it fills only what is still unanswered.
        for (const r of requirementsFor(level)) answers[r.id] ??= 'MET';
        return pageOrFragment(c, await selfAssessmentView(c, { level, draftId, values, errors: {}, answers }));
      }
      if (data.action === 'save') {
        const { scope, error } = scopeFromValues(values);
        const d = await saveDraft(c.var.ctx, c.var.actor!, { id: draftId, level, scope: error ? '' : scope, scopeDescription: opt(values.scopeDescription) ?? null, cages: all(values.cages), answers });
        return c.redirect(`/company/assessments/drafts/${d.id}?done=saved`, 303);
      }
      if (data.action === 'preview') return pageOrFragment(c, await selfAssessmentView(c, { level, draftId, values, errors: {}, answers }));
      const posted = await submitSelfAssessment(c.var.ctx, c.var.actor!, await submission(c, level, values, answers), draftId);
      return c.redirect(`/company/uids/${posted.uid}?done=posted`, 303);
    });
}
