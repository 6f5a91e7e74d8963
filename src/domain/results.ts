/**
 * The answers a CMMC result is made of (rules §6; 32 CFR 170.24): each requirement of the level
 * MET, NOT_MET, NOT_APPLICABLE or, only where the requirement table gives partial credit, PARTIAL.
 * Shared by scoring a posting, a POA&M closeout and the live preview of a self-assessment.
 */
import { LEVEL_LABEL, REQUIREMENT_RESULTS, type Level, type RequirementResult } from './levels.js';
import { requirementsFor, type Requirement } from './requirements.js';

export interface FieldError {
  path: string;
  message: string;
}

export const resultPath = (id: string): string => `results.${id}`;
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isResult = (v: unknown): v is RequirementResult =>
  typeof v === 'string' && (REQUIREMENT_RESULTS as readonly string[]).includes(v);
/** MET and NOT_APPLICABLE count as met everywhere (rules §6). */
export const countsAsMet = (r: RequirementResult): boolean => r === 'MET' || r === 'NOT_APPLICABLE';
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
export const list = (ids: readonly string[]): string => ids.join(', ');

function partialIds(level: Level): string[] {
  return requirementsFor(level)
    .filter((r) => r.partialPoints !== null)
    .map((r) => r.id);
}

/** Checks one answer's value; returns the problem in words, or null when it is acceptable. */
export function valueProblem(level: Level, req: Requirement, value: unknown): string | null {
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

export function unknownKeyMessage(level: Level, key: string): string {
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
