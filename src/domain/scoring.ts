/**
 * Scoring and status derivation for posted CMMC results (rules §6; 32 CFR 170.15–170.18, 170.21,
 * 170.24). Weights, partial credit and POA&M eligibility come from the requirement tables; the
 * thresholds and the Conditional period from the regulatory calendar.
 */
import { calendar } from './calendar.js';
import { addDays, isValidDate } from './dates.js';
import {
  LEVEL_LABEL,
  REQUIREMENT_RESULTS,
  levelFamily,
  statusLabel,
  type Level,
  type RequirementResult,
  type StatusType,
} from './levels.js';
import { SSP_REQUIREMENT_ID, requirementsFor, type Requirement } from './requirements.js';

export interface FieldError {
  path: string;
  message: string;
}

export type ScoreOutcome =
  | { ok: true; type: StatusType; score: number | null; poam: string[]; blocking: string[]; explanation: string }
  | { ok: false; errors: FieldError[] };

export type CloseoutOutcome =
  | { ok: true; result: 'SUCCESS' | 'FAILED'; stillNotMet: string[] }
  | { ok: false; conflict: boolean; errors: FieldError[] };

const resultPath = (id: string): string => `results.${id}`;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isResult = (v: unknown): v is RequirementResult =>
  typeof v === 'string' && (REQUIREMENT_RESULTS as readonly string[]).includes(v);
/** MET and NOT_APPLICABLE count as met everywhere (rules §6). */
const countsAsMet = (r: RequirementResult): boolean => r === 'MET' || r === 'NOT_APPLICABLE';
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const list = (ids: readonly string[]): string => ids.join(', ');

function partialIds(level: Level): string[] {
  return requirementsFor(level)
    .filter((r) => r.partialPoints !== null)
    .map((r) => r.id);
}

/** Checks one answer's value; returns the problem in words, or null when it is acceptable. */
function valueProblem(level: Level, req: Requirement, value: unknown): string | null {
  if (!isResult(value)) {
    return `must be one of ${REQUIREMENT_RESULTS.join(', ')}`;
  }
  if (value === 'PARTIAL' && req.partialPoints === null) {
    const allowed = partialIds(level);
    return allowed.length === 0
      ? `PARTIAL is not allowed at ${LEVEL_LABEL[level]}; answer MET, NOT_MET or NOT_APPLICABLE`
      : `PARTIAL is allowed only for ${list(allowed)}; answer MET, NOT_MET or NOT_APPLICABLE`;
  }
  return null;
}

function unknownKeyMessage(level: Level, key: string): string {
  return `${key} is not a requirement of ${LEVEL_LABEL[level]}; results must name the ${requirementsFor(level).length} requirements of the level and nothing else`;
}

/**
 * Results must name every requirement of the level and nothing else, each MET, NOT_MET,
 * NOT_APPLICABLE or (only where the table gives partial credit) PARTIAL (rules §6).
 */
export function validateResults(level: Level, results: Record<string, unknown>): FieldError[] {
  if (!isPlainObject(results)) {
    return [{ path: 'results', message: 'must be an object naming each requirement of the level with its result' }];
  }
  const errors: FieldError[] = [];
  const table = requirementsFor(level);
  const known = new Set(table.map((r) => r.id));
  for (const req of table) {
    if (!Object.prototype.hasOwnProperty.call(results, req.id)) {
      errors.push({ path: resultPath(req.id), message: 'missing answer' });
      continue;
    }
    const problem = valueProblem(level, req, results[req.id]);
    if (problem) errors.push({ path: resultPath(req.id), message: problem });
  }
  for (const key of Object.keys(results)) {
    if (!known.has(key)) errors.push({ path: resultPath(key), message: unknownKeyMessage(level, key) });
  }
  return errors;
}

/** May this requirement, with this result, be on a POA&M (32 CFR 170.21(a))? */
function poamEligible(req: Requirement, result: RequirementResult): boolean {
  return req.poamAllowed === 'yes' || (req.poamAllowed === 'partial_only' && result === 'PARTIAL');
}

function scoreLevel1(level: Level, results: Record<string, RequirementResult>): ScoreOutcome {
  const table = requirementsFor(level);
  const notMet = table.filter((r) => !countsAsMet(results[r.id])).map((r) => r.id);
  if (notMet.length === 0) {
    return {
      ok: true,
      type: 'FINAL',
      score: null,
      poam: [],
      blocking: [],
      explanation: `All ${table.length} requirements are MET or not applicable: ${statusLabel(level, 'FINAL')}. Level 1 has no score.`,
    };
  }
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
  const deficientIds = deficient.map((r) => r.id);
  if (score === t.L2_MAX_SCORE && deficient.length === 0) {
    return {
      ok: true,
      type: 'FINAL',
      score,
      poam: [],
      blocking: [],
      explanation: `All ${table.length} requirements are MET or not applicable: score ${score} of ${t.L2_MAX_SCORE}, ${statusLabel(level, 'FINAL')}.`,
    };
  }
  const notEligible = deficient.filter((r) => !poamEligible(r, results[r.id])).map((r) => r.id);
  const scoreOk = score >= t.L2_CONDITIONAL_MIN_SCORE;
  if (scoreOk && notEligible.length === 0) {
    return {
      ok: true,
      type: 'CONDITIONAL',
      score,
      poam: deficientIds,
      blocking: [],
      explanation:
        `Score ${score} of ${t.L2_MAX_SCORE} is at least ${t.L2_CONDITIONAL_MIN_SCORE} and every requirement not fully met ` +
        `may be on a POA&M: ${statusLabel(level, 'CONDITIONAL')}, with ${plural(deficientIds.length, 'requirement')} ` +
        `on the POA&M (${list(deficientIds)}) to close out within ${calendar.validity.CONDITIONAL.days} days.`,
    };
  }
  const why: string[] = [];
  if (!scoreOk) {
    why.push(`score ${score} is below the ${t.L2_CONDITIONAL_MIN_SCORE} a Conditional status needs`);
  }
  if (notEligible.length > 0) {
    why.push(
      `${plural(notEligible.length, 'requirement', 'requirements')} not fully met cannot be on a POA&M (${list(notEligible)})`,
    );
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

function scoreLevel3(level: Level, results: Record<string, RequirementResult>): ScoreOutcome {
  const t = calendar.thresholds;
  const table = requirementsFor(level);
  const notMet = table.filter((r) => !countsAsMet(results[r.id]));
  const notMetIds = notMet.map((r) => r.id);
  const score = table.length - notMet.length;
  if (score === t.L3_REQUIREMENTS && notMet.length === 0) {
    return {
      ok: true,
      type: 'FINAL',
      score,
      poam: [],
      blocking: [],
      explanation: `All ${t.L3_REQUIREMENTS} requirements are MET or not applicable: ${statusLabel(level, 'FINAL')}.`,
    };
  }
  const notEligible = notMet.filter((r) => !poamEligible(r, results[r.id])).map((r) => r.id);
  const scoreOk = score >= t.L3_CONDITIONAL_MIN_MET;
  if (scoreOk && notEligible.length === 0) {
    return {
      ok: true,
      type: 'CONDITIONAL',
      score,
      poam: notMetIds,
      blocking: [],
      explanation:
        `${score} of ${t.L3_REQUIREMENTS} requirements met (at least ${t.L3_CONDITIONAL_MIN_MET}) and every requirement not met ` +
        `may be on a POA&M: ${statusLabel(level, 'CONDITIONAL')}, with ${plural(notMetIds.length, 'requirement')} ` +
        `on the POA&M (${list(notMetIds)}) to close out within ${calendar.validity.CONDITIONAL.days} days.`,
    };
  }
  const why: string[] = [];
  if (!scoreOk) {
    why.push(`only ${score} of ${t.L3_REQUIREMENTS} requirements are met, fewer than the ${t.L3_CONDITIONAL_MIN_MET} a Conditional status needs`);
  }
  if (notEligible.length > 0) {
    why.push(`${plural(notEligible.length, 'requirement', 'requirements')} not met cannot be on a POA&M (${list(notEligible)})`);
  }
  return {
    ok: true,
    type: 'NONE',
    score,
    poam: [],
    blocking: notEligible.length > 0 ? notEligible : notMetIds,
    explanation: `No CMMC Status: ${why.join(', and ')}.`,
  };
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

/**
 * POA&M closeout (32 CFR 170.21(b); rules §6): within the Conditional period of the status date
 * (inclusive), re-assess exactly the POA&M requirements. An imported Conditional without a POA&M
 * list (`poam` empty) may name any non-empty set of requirements of its level.
 * Whether the record is Conditional and not yet closed out is the caller's check.
 */
export function evaluateCloseout(input: {
  level: Level;
  poam: string[];
  statusDate: string;
  closeoutDate: string;
  results: Record<string, unknown>;
}): CloseoutOutcome {
  const { level, poam, statusDate, closeoutDate, results } = input;
  const period = calendar.validity.CONDITIONAL.days;
  if (period === undefined) throw new Error('the regulatory calendar gives no Conditional period in days');
  if (!isValidDate(statusDate)) {
    return { ok: false, conflict: false, errors: [{ path: 'statusDate', message: `not a calendar date: ${String(statusDate)}` }] };
  }
  if (!isValidDate(closeoutDate)) {
    return { ok: false, conflict: false, errors: [{ path: 'closeoutDate', message: `not a calendar date: ${String(closeoutDate)}` }] };
  }
  if (levelFamily(level) === 'L1') {
    return {
      ok: false,
      conflict: true,
      errors: [{ path: 'level', message: 'Level 1 has no Conditional status and no POA&M, so there is nothing to close out' }],
    };
  }
  if (closeoutDate < statusDate) {
    return {
      ok: false,
      conflict: false,
      errors: [{ path: 'closeoutDate', message: `the closeout date ${closeoutDate} is before the status date ${statusDate}` }],
    };
  }
  const lastDay = addDays(statusDate, period);
  if (closeoutDate > lastDay) {
    return {
      ok: false,
      conflict: true,
      errors: [
        {
          path: 'closeoutDate',
          message: `POA&M closeout is accepted only within ${period} days of the status date ${statusDate} (through ${lastDay}); ${closeoutDate} is too late`,
        },
      ],
    };
  }
  if (!isPlainObject(results)) {
    return { ok: false, conflict: false, errors: [{ path: 'results', message: 'must be an object naming each POA&M requirement with its result' }] };
  }

  const table = requirementsFor(level);
  const byId = new Map(table.map((r) => [r.id, r]));
  const errors: FieldError[] = [];
  const keys = Object.keys(results);
  let named: string[];
  if (poam.length > 0) {
    const onPoam = new Set(poam);
    for (const id of poam) {
      if (!Object.prototype.hasOwnProperty.call(results, id)) errors.push({ path: resultPath(id), message: 'missing answer' });
    }
    for (const key of keys) {
      if (!onPoam.has(key)) {
        errors.push({
          path: resultPath(key),
          message: `${key} is not on this assessment's POA&M; a closeout re-assesses exactly the POA&M requirements (${list(poam)})`,
        });
      }
    }
    named = poam.filter((id) => Object.prototype.hasOwnProperty.call(results, id));
  } else {
    if (keys.length === 0) {
      errors.push({ path: 'results', message: `name at least one requirement of ${LEVEL_LABEL[level]} to close out` });
    }
    for (const key of keys) {
      if (!byId.has(key)) errors.push({ path: resultPath(key), message: unknownKeyMessage(level, key) });
    }
    named = keys.filter((k) => byId.has(k));
  }
  for (const id of named) {
    const req = byId.get(id);
    if (!req) {
      // A stored POA&M naming a requirement outside the level's table: report rather than crash.
      errors.push({ path: resultPath(id), message: unknownKeyMessage(level, id) });
      continue;
    }
    const problem = valueProblem(level, req, results[id]);
    if (problem) errors.push({ path: resultPath(id), message: problem });
  }
  if (errors.length > 0) return { ok: false, conflict: false, errors };

  const stillNotMet = named.filter((id) => !countsAsMet(results[id] as RequirementResult));
  return { ok: true, result: stillNotMet.length === 0 ? 'SUCCESS' : 'FAILED', stillNotMet };
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
