/**
 * POA&M closeout (32 CFR 170.21(b); rules §6): once, within the Conditional period, re-assess exactly
 * the POA&M requirements; all met → Final with the same UID and status date, else the status ends.
 */
import { calendar } from './calendar.js';
import { addDays, isValidDate } from './dates.js';
import { LEVEL_LABEL, levelFamily, type Level, type RequirementResult } from './levels.js';
import { requirementsFor } from './requirements.js';
import { countsAsMet, isPlainObject, list, resultPath, unknownKeyMessage, valueProblem, type FieldError } from './results.js';

export type CloseoutOutcome =
  | { ok: true; result: 'SUCCESS' | 'FAILED'; stillNotMet: string[] }
  | { ok: false; conflict: boolean; errors: FieldError[] };

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

/** The answered requirements still NOT MET: a closeout with any of them fails (NOT APPLICABLE counts as met). */
export const stillNotMetIn = (answers: Record<string, string>): string[] => Object.keys(answers).filter((id) => answers[id] === 'NOT_MET');
