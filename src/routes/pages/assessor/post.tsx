/**
 * Posting assessment results (rules §6): the requirement table with its live score, or a results
 * file (JSON as the API's assessment body, or CSV). records.postAssessment decides who may post what
 * for which company; a file with any problem is reported row by row and nothing is stored.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { FormValues } from '../../../../views/components/form.js';
import { ScorePanelBody, scoreStatusLabel } from '../../../../views/components/score-panel.js';
import { AssessorPostPage } from '../../../../views/pages/assessor/post.js';
import { normaliseId } from '../../../domain/identifiers.js';
import { LEVEL_LABEL, type Level } from '../../../domain/levels.js';
import { requirementsFor } from '../../../domain/requirements.js';
import { previewScore } from '../../../domain/scoring.js';
import { assessorLevels } from '../../../services/assessor.js';
import { forbidden } from '../../../services/errors.js';
import { PostAssessmentInput } from '../../../services/inputs.js';
import { postAssessment } from '../../../services/postings.js';
import { parseResultsFile, type FileProblem } from '../../../services/results-file.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { errorPage } from '../errors.js';
import { answersFromForm, list, one, opt } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { scoredFormState } from '../scored-form.js';
import { formValidator, issuesToForm, postedForm, refuse, type FormState, type FormView } from '../validator.js';

interface PostState extends FormState {
  level: Level;
  answers: Record<string, string>;
  showMissing?: boolean;
  fileProblems?: FileProblem[] | null;
  /** The name of the results file just read into the form (its preview step). */
  fromFile?: string | null;
}

function postView(c: Context<PagesEnv>, s: PostState): View {
  const state = scoredFormState(c, s);
  const fromFile = s.fromFile ? { name: s.fromFile, score: state.preview.score, status: scoreStatusLabel(state.preview) } : null;
  return { title: `Post ${LEVEL_LABEL[s.level]} results`, page: <AssessorPostPage level={s.level} {...state} fileProblems={s.fileProblems ?? null} fromFile={fromFile} /> };
}

/**
 * A results file is never posted unseen (issue 10): its answers (and, for a JSON body, its scope and
 * CAGE codes) are put into the form, whose score panel shows the score and status they give; the
 * assessor then posts the form. A file with problems lists them, as the posting would.
 */
async function fileIntoForm(c: Context<PagesEnv>, level: Level, values: FormValues, file: File): Promise<View> {
  const parsed = parseResultsFile(level, file.name, await file.text());
  if (!parsed.ok) throw refuse({});
  const b = parsed.body;
  const filled: FormValues = b ? { ...values, scope: b.scope, scopeDescription: b.scopeDescription ?? '', cages: b.cages?.join(' ') ?? values.cages } : values;
  return postView(c, { level, values: { ...filled, action: '' }, errors: {}, answers: { ...parsed.results }, fromFile: file.name });
}

/** A level this role posts from the workspace (records.assertMayPost has the final word). */
function levelOf(c: Context<PagesEnv>, raw: string): Level {
  const levels = assessorLevels(c.var.actor!);
  if (!(levels as string[]).includes(raw)) throw forbidden(`Your role posts ${levels.map((l) => LEVEL_LABEL[l]).join(', ')}`);
  return raw as Level;
}

/** The form as posted; a file with problems lists them (nothing of it was posted). */
const postedView: FormView = async (c, form) => {
  const level = levelOf(c, one(form.values.level));
  const file = form.files?.file;
  const parsed = file ? parseResultsFile(level, file.name, await file.text()) : null;
  return postView(c, {
    ...form,
    level,
    answers: answersFromForm(form.values),
    showMissing: one(form.values.action) === 'post' && !file && Object.keys(form.errors).some((k) => k.startsWith('results.')),
    fileProblems: parsed && !parsed.ok ? parsed.problems : null,
  });
};

const ACTIONS = ['preview', 'all-met', 'post'] as const;
const AssessorPost = z.object({ level: z.string(), action: z.enum(ACTIONS) });

/** The posting from the form (a results file has been read into it first); every problem at once. */
function posting(level: Level, values: FormValues, answers: Record<string, string>) {
  const errors: Record<string, string> = {};
  const companyCage = normaliseId(one(values.companyCage));
  if (!companyCage) errors.companyCage = 'Enter the company CAGE code';
  const fromForm = (results: Record<string, unknown>) => ({ level, scope: one(values.scope), scopeDescription: opt(values.scopeDescription), cages: list(values.cages).length ? list(values.cages) : undefined, results });
  const unanswered = previewScore(level, answers).unanswered;
  if (unanswered.length) errors[`results.${unanswered[0]}`] = `${unanswered.length} ${unanswered.length === 1 ? 'requirement has' : 'requirements have'} no answer yet (first: ${unanswered[0]}). Answer every requirement, or upload a results file.`;
  const input = fromForm(answers);
  const parsed = PostAssessmentInput.safeParse(input);
  if (!parsed.success) for (const [k, v] of Object.entries(issuesToForm(parsed.error, values))) errors[k] ??= v;
  if (!parsed.success || Object.keys(errors).length) throw refuse(errors);
  return { companyCage, input: parsed.data };
}

export function assessorPostPages() {
  return new Hono<PagesEnv>()
    .get('/new', (c) => {
      const level = levelOf(c, c.req.query('level') ?? assessorLevels(c.var.actor!)[0]);
      const cage = normaliseId(c.req.query('cage') ?? '');
      return pageOrFragment(c, postView(c, { level, values: { companyCage: cage, scope: 'Enterprise', cages: cage }, errors: {}, answers: {} }));
    })
    .post('/preview', postedForm(), (c) => {
      const { values } = c.req.valid('form');
      const level = one(values.level);
      if (!(assessorLevels(c.var.actor!) as string[]).includes(level)) return errorPage(c, 400, 'Unknown level.');
      return c.html(<ScorePanelBody preview={previewScore(level as Level, answersFromForm(values))} />);
    })
    .post('/new', once(), formValidator(AssessorPost, (v, c) => ({ level: levelOf(c, one(v.level)), action: (ACTIONS as readonly string[]).includes(one(v.action)) ? one(v.action) : 'preview' }), postedView), async (c) => {
      const { data, values, files } = c.req.valid('form');
      const level = data.level as Level;
      const answers = answersFromForm(values);
      if (data.action === 'all-met') {
        for (const r of requirementsFor(level)) answers[r.id] ??= 'MET';
        return pageOrFragment(c, postView(c, { level, values, errors: {}, answers }));
      }
      if (files.file) return pageOrFragment(c, await fileIntoForm(c, level, values, files.file));
      if (data.action === 'preview') return pageOrFragment(c, postView(c, { level, values, errors: {}, answers }));
      const { companyCage, input } = await posting(level, values, answers);
      const posted = await postAssessment(c.var.ctx, c.var.actor!, companyCage, input);
      return c.redirect(`/assessor?done=posted&uid=${posted.uid}`, 303);
    });
}
