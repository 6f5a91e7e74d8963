/**
 * The assessor workspace at /assessor (rules §6, §9). Postings go through records.postAssessment and
 * nist-postings.postNistAssessment, which decide who may post what for which company; a results file
 * is parsed completely first, and any problem is reported by row with nothing stored.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { answersFromForm } from '../../../views/components/requirements-form.js';
import { ScorePanelBody } from '../../../views/components/score-panel.js';
import { parsePaging } from '../../../views/components/table.js';
import { AssessorHome } from '../../../views/pages/assessor/home.js';
import { AssessorNistPage } from '../../../views/pages/assessor/nist.js';
import { AssessorPostPage } from '../../../views/pages/assessor/post.js';
import { isUid, normaliseId } from '../../domain/identifiers.js';
import { LEVEL_LABEL, type Level, type NistConfidence } from '../../domain/levels.js';
import { requirementsFor } from '../../domain/requirements.js';
import { previewScore } from '../../domain/scoring.js';
import { assessorLevels, engagedCompanies, mayPostNist, postedBy } from '../../services/assessor.js';
import { ServiceError } from '../../services/errors.js';
import { NistAssessmentInput, PostAssessmentInput } from '../../services/inputs.js';
import { postNistAssessment } from '../../services/nist-postings.js';
import { postAssessment } from '../../services/postings.js';
import { parseResultsFile, type FileProblem } from '../../services/results-file.js';
import type { AppEnv } from '../env.js';
import { list, opt, readForm, scoredFormState, serviceErrorsToForm } from './forms.js';
import { requireUser } from './session.js';

type C = Context<AppEnv>;
type Status = 200 | 400 | 401 | 403 | 404 | 409 | 422;

const STATUS_OF: Record<ServiceError['kind'], Exclude<Status, 200>> = { validation: 422, malformed: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409 };
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function zodToForm(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const i of error.issues) {
    const path = i.path.map(String).join('.') || '_form';
    errors[path.replace(/^cages\.\d+$/, 'cages')] ??= i.code === 'unrecognized_keys' ? 'unexpected field' : i.message;
  }
  return errors;
}

function serviceErrors(e: unknown): { errors: FormErrors; status: Exclude<Status, 200> } {
  const errors = serviceErrorsToForm(e);
  if (!errors || !(e instanceof ServiceError)) throw e;
  const out: FormErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = /^cages\.\d+$/.test(k) ? 'cages' : k;
    out[key] = out[key] ? `${out[key]}; ${v}` : v;
  }
  return { errors: out, status: STATUS_OF[e.kind] };
}

export function assessorPages() {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser('C3PAO', 'DIBCAC', 'ADMIN'));

  app.get('/', async (c) => {
    const actor = c.var.actor!;
    const [engaged, posted] = await Promise.all([engagedCompanies(c.var.ctx, actor), postedBy(c.var.ctx, actor)]);
    const { page, pageSize, offset } = parsePaging((k) => c.req.query(k));
    const uid = normaliseId(c.req.query('uid') ?? '');
    const notice =
      c.req.query('done') === 'posted' && isUid(uid) ? `Posted: UID ${uid}.` : c.req.query('done') === 'nist-posted' ? 'NIST SP 800-171 DoD Assessment posted.' : null;
    return c.render(
      <AssessorHome
        role={actor.role as 'C3PAO' | 'DIBCAC' | 'ADMIN'}
        levels={assessorLevels(actor)}
        engaged={engaged}
        posted={posted.slice(offset, offset + pageSize)}
        paging={{ page, pageSize, total: posted.length }}
        mayPostNist={mayPostNist(actor)}
        notice={notice}
      />,
      { title: 'Post results' },
    );
  });

  // ---- assessment results ----

  const levelOf = (c: C, raw: string): Level | null => {
    const levels = assessorLevels(c.var.actor!);
    return (levels as string[]).includes(raw) ? (raw as Level) : null;
  };

  const renderPost = (
    c: C,
    s: { level: Level; values: FormValues; answers: Record<string, string>; errors?: FormErrors; showMissing?: boolean; fileProblems?: FileProblem[] | null },
    status: Status = 200,
  ) => {
    c.status(status);
    return c.render(
      <AssessorPostPage level={s.level} {...scoredFormState(c, s)} fileProblems={s.fileProblems ?? null} />,
      { title: `Post ${LEVEL_LABEL[s.level]} results` },
    );
  };

  const wrongLevel = (c: C) => {
    c.status(403);
    return c.render(
      <>
        <h1>Not a level you post</h1>
        <p>
          Your role posts {assessorLevels(c.var.actor!).map((l) => LEVEL_LABEL[l]).join(', ')}. <a href="/assessor">Back</a>
        </p>
      </>,
      { title: 'Not allowed' },
    );
  };

  app.get('/assessments/new', (c) => {
    const level = levelOf(c, c.req.query('level') ?? assessorLevels(c.var.actor!)[0]);
    if (!level) return wrongLevel(c);
    const cage = normaliseId(c.req.query('cage') ?? '');
    return renderPost(c, { level, values: { companyCage: cage, scope: 'Enterprise', cages: cage }, answers: {} });
  });

  app.post('/assessments/preview', async (c) => {
    const values = await readForm(c);
    const level = levelOf(c, str(values.level));
    if (!level) return c.text('Unknown level', 400);
    return c.html(<ScorePanelBody preview={previewScore(level, answersFromForm(values))} />);
  });

  app.post('/assessments/new', async (c) => {
    const actor = c.var.actor!;
    const body = await c.req.parseBody({ all: true });
    const values = await readForm(c);
    const level = levelOf(c, str(values.level));
    if (!level) return wrongLevel(c);
    const answers = answersFromForm(values);
    const action = str(values.action) || 'preview';
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;

    if (action === 'all-met') {
      for (const r of requirementsFor(level)) answers[r.id] ??= 'MET';
      return renderPost(c, { level, values, answers });
    }
    if (action !== 'post') return renderPost(c, { level, values, answers });

    const errors: FormErrors = {};
    const companyCage = normaliseId(str(values.companyCage));
    if (!companyCage) errors.companyCage = 'Enter the company CAGE code';
    let input: unknown;
    if (file) {
      const parsed = parseResultsFile(level, file.name, await file.text());
      if (!parsed.ok) return renderPost(c, { level, values, answers, fileProblems: parsed.problems }, 422);
      input = parsed.body ?? {
        level,
        scope: str(values.scope),
        ...(opt(values.scopeDescription) ? { scopeDescription: opt(values.scopeDescription) } : {}),
        ...(list(values.cages).length ? { cages: list(values.cages) } : {}),
        results: parsed.results,
      };
    } else {
      const unanswered = previewScore(level, answers).unanswered;
      if (unanswered.length) errors[`results.${unanswered[0]}`] = `${unanswered.length} ${unanswered.length === 1 ? 'requirement has' : 'requirements have'} no answer yet (first: ${unanswered[0]}). Answer every requirement, or upload a results file.`;
      input = {
        level,
        scope: str(values.scope),
        ...(opt(values.scopeDescription) ? { scopeDescription: opt(values.scopeDescription) } : {}),
        ...(list(values.cages).length ? { cages: list(values.cages) } : {}),
        results: answers,
      };
    }
    const parsed = PostAssessmentInput.safeParse(input);
    if (!parsed.success) for (const [k, v] of Object.entries(zodToForm(parsed.error))) errors[k] ??= v;
    if (Object.keys(errors).length || !parsed.success) return renderPost(c, { level, values, answers, errors, showMissing: !file }, 422);
    try {
      const posted = await postAssessment(c.var.ctx, actor, companyCage, parsed.data);
      return c.redirect(`/assessor?done=posted&uid=${posted.uid}`, 303);
    } catch (e) {
      const f = serviceErrors(e);
      return renderPost(c, { level, values, answers, errors: f.errors }, f.status);
    }
  });

  // ---- NIST SP 800-171 DoD Assessment, Medium / High (DIBCAC; administrator any) ----

  const confidences = (c: C): NistConfidence[] => (c.var.actor!.role === 'ADMIN' ? ['MEDIUM', 'HIGH', 'BASIC'] : ['MEDIUM', 'HIGH']);
  const notNist = (c: C) => {
    c.status(403);
    return c.render(
      <>
        <h1>Not allowed</h1>
        <p>
          NIST SP 800-171 Medium and High assessments are posted by DIBCAC. <a href="/assessor">Back</a>
        </p>
      </>,
      { title: 'Not allowed' },
    );
  };

  app.get('/nist/new', (c) => {
    if (!mayPostNist(c.var.actor!)) return notNist(c);
    c.status(200);
    return c.render(
      <AssessorNistPage
        csrf={c.var.csrfToken}
        values={{ companyCage: normaliseId(c.req.query('cage') ?? ''), assessmentDate: c.var.ctx.clock.today(), standard: 'NIST SP 800-171 Rev 2', assessingOrganization: 'DCMA DIBCAC', confidence: 'MEDIUM' }}
        errors={{}}
        confidences={confidences(c)}
      />,
      { title: 'NIST SP 800-171 assessment' },
    );
  });

  app.post('/nist/new', async (c) => {
    const actor = c.var.actor!;
    if (!mayPostNist(actor)) return notNist(c);
    const values = await readForm(c);
    const render = (errors: FormErrors, status: Status) => {
      c.status(status);
      return c.render(<AssessorNistPage csrf={c.var.csrfToken} values={values} errors={errors} confidences={confidences(c)} />, { title: 'NIST SP 800-171 assessment' });
    };
    const errors: FormErrors = {};
    const companyCage = normaliseId(str(values.companyCage));
    if (!companyCage) errors.companyCage = 'Enter the company CAGE code';
    const rawScore = str(values.score).trim();
    if (!/^-?\d+$/.test(rawScore)) errors.score = 'Enter the summary score, a whole number from −203 to 110';
    const parsed = NistAssessmentInput.safeParse({
      ...(list(values.cages).length ? { cages: list(values.cages) } : {}),
      confidence: str(values.confidence) || 'MEDIUM',
      assessmentDate: opt(values.assessmentDate),
      score: Number(rawScore) || 0,
      fullImplementationDate: opt(values.fullImplementationDate),
      standard: opt(values.standard),
      assessingOrganization: opt(values.assessingOrganization),
      planDescription: opt(values.planDescription),
    });
    if (!parsed.success) for (const [k, v] of Object.entries(zodToForm(parsed.error))) errors[k] ??= v;
    if (Object.keys(errors).length || !parsed.success) return render(errors, 422);
    try {
      await postNistAssessment(c.var.ctx, actor, companyCage, parsed.data);
      return c.redirect('/assessor?done=nist-posted', 303);
    } catch (e) {
      const f = serviceErrors(e);
      return render(f.errors, f.status);
    }
  });

  return app;
}
