/**
 * Scoring and status derivation for posted CMMC results (rules §6; 32 CFR 170.15–170.18, 170.24),
 * and the live preview of a self-assessment being answered. Weights, partial credit and POA&M
 * eligibility come from the requirement tables; the thresholds and the Conditional period from the
 * regulatory calendar. The answers themselves are checked in results.ts, closeouts in closeout.ts.
 */
import { calendar } from './calendar.js';
import { levelFamily, statusLabel, type Level, type RequirementResult, type StatusType } from './levels.js';
import { SSP_REQUIREMENT_ID, requirementsFor, type Requirement } from './requirements.js';
import { countsAsMet, isPlainObject, list, plural, resultPath, validateResults, type FieldError } from './results.js';

export type ScoreOutcome =
  | { ok: true; type: StatusType; score: number | null; poam: string[]; blocking: string[]; explanation: string }
  | { ok: false; errors: FieldError[] };

/** May this requirement, with this result, be on a POA&M (32 CFR 170.21(a))? */
function poamEligible(req: Requirement, result: RequirementResult): boolean {
  return req.poamAllowed === 'yes' || (req.poamAllowed === 'partial_only' && result === 'PARTIAL');
}

/** Every requirement met: Final, with no POA&M and nothing blocking (rules §6). */
const final = (score: number | null, explanation: string): ScoreOutcome => ({ ok: true, type: 'FINAL', score, poam: [], blocking: [], explanation });

/**
 * Short of Final (rules §6): Conditional when the score reaches the level's threshold and every
 * requirement not met may be on a POA&M (which then lists them all); otherwise No CMMC Status,
 * blocked by the requirements that cannot be on a POA&M, or by every deficiency when the score alone
 * is too low. Level 2 and Level 3 differ only in the threshold and its wording.
 */
function conditionalOrNone(
  level: Level,
  results: Record<string, RequirementResult>,
  score: number,
  deficient: Requirement[],
  threshold: { reached: boolean; why: string; whyNot: string; deficiency: string },
): ScoreOutcome {
  const deficientIds = deficient.map((r) => r.id);
  const notEligible = deficient.filter((r) => !poamEligible(r, results[r.id])).map((r) => r.id);
  if (threshold.reached && notEligible.length === 0) {
    return {
      ok: true,
      type: 'CONDITIONAL',
      score,
      poam: deficientIds,
      blocking: [],
      explanation:
        `${threshold.why} and every requirement ${threshold.deficiency} ` +
        `may be on a POA&M: ${statusLabel(level, 'CONDITIONAL')}, with ${plural(deficientIds.length, 'requirement')} ` +
        `on the POA&M (${list(deficientIds)}) to close out within ${calendar.validity.CONDITIONAL.days} days.`,
    };
  }
  const why: string[] = [];
  if (!threshold.reached) why.push(threshold.whyNot);
  if (notEligible.length > 0) {
    why.push(`${plural(notEligible.length, 'requirement', 'requirements')} ${threshold.deficiency} cannot be on a POA&M (${list(notEligible)})`);
  }
  return {
    ok: true,
    type: 'NONE',
    score,
    poam: [],
    blocking: notEligible.length > 0 ? notEligible : deficientIds,
    explanation: `No CMMC Status: ${why.join(', and ')}.`,
  };
}

function scoreLevel1(level: Level, results: Record<string, RequirementResult>): ScoreOutcome {
  const table = requirementsFor(level);
  const notMet = table.filter((r) => !countsAsMet(results[r.id])).map((r) => r.id);
  if (notMet.length === 0) return final(null, `All ${table.length} requirements are MET or not applicable: ${statusLabel(level, 'FINAL')}. Level 1 has no score.`);
  return {
    ok: true,
    type: 'NONE',
    score: null,
    poam: [],
    blocking: notMet,
    explanation:
      `${plural(notMet.length, 'requirement is', 'requirements are')} NOT MET (${list(notMet)}). ` +
      'Level 1 allows no POA&M, so every requirement must be met: No CMMC Status.',
  };
}

function scoreLevel2(level: Level, results: Record<string, RequirementResult>): ScoreOutcome {
  const t = calendar.thresholds;
  if (results[SSP_REQUIREMENT_ID] === 'NOT_MET') {
    return {
      ok: false,
      errors: [
        {
          path: resultPath(SSP_REQUIREMENT_ID),
          message:
            `No CMMC Score: the System Security Plan requirement (${SSP_REQUIREMENT_ID}) is NOT MET, ` +
            'so the assessment cannot be completed and cannot be posted.',
        },
      ],
    };
  }
  const table = requirementsFor(level);
  let deductions = 0;
  const deficient: Requirement[] = [];
  for (const req of table) {
    const r = results[req.id];
    if (r === 'NOT_MET') deductions += req.points;
    else if (r === 'PARTIAL') deductions += req.partialPoints ?? req.points;
    if (!countsAsMet(r)) deficient.push(req);
  }
  const score = t.L2_MAX_SCORE - deductions;
  if (score === t.L2_MAX_SCORE && deficient.length === 0) {
    return final(score, `All ${table.length} requirements are MET or not applicable: score ${score} of ${t.L2_MAX_SCORE}, ${statusLabel(level, 'FINAL')}.`);
  }
  return conditionalOrNone(level, results, score, deficient, {
    reached: score >= t.L2_CONDITIONAL_MIN_SCORE,
    why: `Score ${score} of ${t.L2_MAX_SCORE} is at least ${t.L2_CONDITIONAL_MIN_SCORE}`,
    whyNot: `score ${score} is below the ${t.L2_CONDITIONAL_MIN_SCORE} a Conditional status needs`,
    deficiency: 'not fully met',
  });
}

function scoreLevel3(level: Level, results: Record<string, RequirementResult>): ScoreOutcome {
  const t = calendar.thresholds;
  const table = requirementsFor(level);
  const notMet = table.filter((r) => !countsAsMet(results[r.id]));
  const score = table.length - notMet.length;
  if (score === t.L3_REQUIREMENTS && notMet.length === 0) return final(score, `All ${t.L3_REQUIREMENTS} requirements are MET or not applicable: ${statusLabel(level, 'FINAL')}.`);
  return conditionalOrNone(level, results, score, notMet, {
    reached: score >= t.L3_CONDITIONAL_MIN_MET,
    why: `${score} of ${t.L3_REQUIREMENTS} requirements met (at least ${t.L3_CONDITIONAL_MIN_MET})`,
    whyNot: `only ${score} of ${t.L3_REQUIREMENTS} requirements are met, fewer than the ${t.L3_CONDITIONAL_MIN_MET} a Conditional status needs`,
    deficiency: 'not met',
  });
}

/** Derives the status a posting reaches (rules §6). Validates the results first. */
export function scoreAssessment(level: Level, results: Record<string, RequirementResult>): ScoreOutcome {
  const errors = validateResults(level, results);
  if (errors.length > 0) return { ok: false, errors };
  switch (levelFamily(level)) {
    case 'L1':
      return scoreLevel1(level, results);
    case 'L2':
      return scoreLevel2(level, results);
    case 'L3':
      return scoreLevel3(level, results);
  }
}

export interface ScorePreview {
  level: Level;
  /** Requirements of the level. */
  total: number;
  answered: number;
  /** Requirement ids with no answer yet, in table order. */
  unanswered: string[];
  /** Answers that can never be posted (PARTIAL where not allowed, unknown values or requirements). */
  errors: FieldError[];
  /** CA.L2-3.12.4 (SSP) is NOT MET: the assessment cannot be completed ("No CMMC Score"). */
  noScore: boolean;
  /** Every requirement answered, no error, and a score: this is exactly what posting would give. */
  complete: boolean;
  /** Score of the answers given, unanswered requirements deducting nothing (null at Level 1 or when none can be given). */
  score: number | null;
  /** The status the answers reach if every unanswered requirement turned out MET (final once complete). */
  type: StatusType | null;
  poam: string[];
  blocking: string[];
  explanation: string;
}

const unansweredValue = (v: unknown): boolean => v === undefined || v === null || v === '';

/**
 * A live preview while a self-assessment is being answered (rules §6): scores the answers given
 * with the same scoreAssessment a posting uses, counting each unanswered requirement as if it were
 * MET (so the score shown is the best the answers so far allow) and listing what is still
 * unanswered. Once every requirement is answered the preview is exactly the posting's outcome.
 */
export function previewScore(level: Level, partial: Record<string, unknown>): ScorePreview {
  const table = requirementsFor(level);
  const given: Record<string, unknown> = isPlainObject(partial) ? partial : {};
  const unanswered = table.filter((r) => unansweredValue(given[r.id])).map((r) => r.id);
  const answers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given)) if (!unansweredValue(v)) answers[k] = v;
  const filled: Record<string, unknown> = { ...answers };
  for (const id of unanswered) filled[id] = 'MET';
  const base = { level, total: table.length, answered: table.length - unanswered.length, unanswered };
  const errors = validateResults(level, filled);
  if (errors.length > 0) {
    return {
      ...base,
      errors,
      noScore: false,
      complete: false,
      score: null,
      type: null,
      poam: [],
      blocking: [],
      explanation: `${plural(errors.length, 'answer')} cannot be posted as given; correct ${errors.length === 1 ? 'it' : 'them'} to see the score.`,
    };
  }
  const outcome = scoreAssessment(level, filled as Record<string, RequirementResult>);
  if (!outcome.ok) {
    // validateResults passed, so the only refusal left is the SSP rule (No CMMC Score).
    return { ...base, errors: [], noScore: true, complete: false, score: null, type: null, poam: [], blocking: [], explanation: outcome.errors.map((e) => e.message).join(' ') };
  }
  const complete = unanswered.length === 0;
  return {
    ...base,
    errors: [],
    noScore: false,
    complete,
    score: outcome.score,
    type: outcome.type,
    poam: outcome.poam,
    blocking: outcome.blocking,
    explanation: complete
      ? outcome.explanation
      : `${plural(unanswered.length, 'requirement is', 'requirements are')} unanswered. If ${unanswered.length === 1 ? 'it is' : 'they are all'} MET: ${outcome.explanation}`,
  };
}
