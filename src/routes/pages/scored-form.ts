import type { Context } from 'hono';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import type { ScoredFormState } from '../../../views/components/scored-form.js';
import type { Level } from '../../domain/levels.js';
import { previewScore } from '../../domain/scoring.js';
import type { PagesEnv } from './env.js';

/** A requirements form with its live score (self-assessment or assessor posting) as the user left it. */
export function scoredFormState(
  c: Context<PagesEnv>,
  s: { level: Level; values: FormValues; answers: Record<string, string>; errors?: FormErrors; showMissing?: boolean },
): ScoredFormState {
  return { csrf: c.var.csrfToken, values: s.values, answers: s.answers, errors: s.errors ?? {}, preview: previewScore(s.level, s.answers), showMissing: s.showMissing ?? false };
}
