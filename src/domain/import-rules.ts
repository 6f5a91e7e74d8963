/**
 * The rules one imported SPRS record must satisfy on its own (api.md POST /api/v1/import; rules §1,
 * §6), beyond its shape: what the statuses, scores, closeouts and POA&Ms of rules §6 allow. Checks
 * that need other records (CAGE references, a UID twice or already stored) are the import
 * service's.
 */
import { calendar } from './calendar.js';
import { addDays, isValidDate, type IsoDate } from './dates.js';
import type { Level, StatusType } from './levels.js';
import { requirementsFor } from './requirements.js';
import type { FieldError } from './results.js';

/**
 * The dates AwardGate takes at its edges (**Decision**, README "Rule decisions"): the rules have no
 * bound, but no CMMC or SPRS record predates 2000 and none is dated beyond this century; a date
 * outside would also print as an expanded year (`+010002-12-31`) once a period is added to it.
 */
export const DATE_BOUNDS = { earliest: '2000-01-01', latest: '2100-12-31' } as const;
/** A YYYY-MM-DD date within DATE_BOUNDS (the text comparison is the date order). */
export const withinDateBounds = (d: IsoDate): boolean => d >= DATE_BOUNDS.earliest && d <= DATE_BOUNDS.latest;
/** A calendar date written YYYY-MM-DD within DATE_BOUNDS. */
export const isAcceptedDate = (d: unknown): d is IsoDate => isValidDate(d) && withinDateBounds(d);

/**
 * The scores a status allows (rules §6; **Decision** where the rules speak of results rather than
 * records): Level 2 scores −203…110, Final exactly 110, Conditional from 88 up to 109; Level 3
 * counts requirements met, 0…24, Final exactly 24, Conditional from 20 up to 23; No CMMC Status any
 * score in range; Level 1 has no score. A record without a score is accepted (the source did not
 * report one). Null when the score fits, else what it must be.
 */
export function scoreProblem(level: Level, status: StatusType, score: number): string | null {
  const t = calendar.thresholds;
  if (level === 'L1_SELF') return 'Level 1 has no score';
  const [min, max, conditionalMin, name] =
    level === 'L3_DIBCAC' ? [0, t.L3_REQUIREMENTS, t.L3_CONDITIONAL_MIN_MET, 'Level 3'] : [t.L2_MIN_SCORE, t.L2_MAX_SCORE, t.L2_CONDITIONAL_MIN_SCORE, 'Level 2'];
  if (score < min || score > max) return `a ${name} score is ${min}…${max}`;
  if (status === 'FINAL' && score !== max) return `a Final ${name} status has the score ${max}`;
  if (status === 'CONDITIONAL' && (score < conditionalMin || score >= max)) return `a Conditional ${name} status has a score from ${conditionalMin} to ${max - 1}`;
  return null;
}

/** An imported assessment as these rules see it. */
export interface ImportedRecord {
  uid: string;
  level: Level;
  status: StatusType;
  statusDate: IsoDate;
  score?: number | null;
  supersedes?: string | null;
  closeout?: { date: IsoDate } | null;
  poam?: readonly string[] | null;
}

/**
 * A checker of the record rules for one import call. It returns every rule a record breaks, each
 * with its path under `path` (e.g. `assessments.3`):
 * - a Level 1 (Self) status is never Conditional (no POA&M at Level 1, rules §6);
 * - the score fits the level and the status (scoreProblem, rules §6);
 * - a POA&M closeout only on a Conditional status, dated within 180 days of the status date
 *   (32 CFR 170.21(b));
 * - a POA&M names requirements of the record's level, and only a Conditional status has one;
 * - a UID does not supersede itself.
 * The checker remembers the closeout window per status date and the requirement ids per level,
 * because a bulk load repeats the same few hundred status dates across thousands of records.
 */
export function importRecordChecker(): (a: ImportedRecord, path: string) => FieldError[] {
  const lastDays = new Map<IsoDate, IsoDate>();
  const lastCloseoutDay = (statusDate: IsoDate): IsoDate => {
    let d = lastDays.get(statusDate);
    if (d === undefined) lastDays.set(statusDate, (d = addDays(statusDate, calendar.validity.CONDITIONAL.days!)));
    return d;
  };
  const ids = new Map<Level, Set<string>>();
  const idsOf = (level: Level): Set<string> => {
    let s = ids.get(level);
    if (!s) ids.set(level, (s = new Set(requirementsFor(level).map((r) => r.id))));
    return s;
  };
  return (a, path) => {
    const errors: FieldError[] = [];
    if (a.level === 'L1_SELF' && a.status === 'CONDITIONAL') errors.push({ path: `${path}.status`, message: 'a Level 1 (Self) status cannot be Conditional (no POA&M at Level 1)' });
    const scoreMessage = a.score == null ? null : scoreProblem(a.level, a.status, a.score);
    if (scoreMessage) errors.push({ path: `${path}.score`, message: scoreMessage });
    if (a.closeout) {
      if (a.status !== 'CONDITIONAL') errors.push({ path: `${path}.closeout`, message: 'a POA&M closeout applies only to a Conditional status' });
      else if (a.closeout.date < a.statusDate || a.closeout.date > lastCloseoutDay(a.statusDate))
        errors.push({ path: `${path}.closeout.date`, message: `a closeout must fall within ${calendar.validity.CONDITIONAL.days} days of the status date ${a.statusDate}` });
    }
    if (a.poam) {
      const ids = idsOf(a.level);
      a.poam.forEach((r, j) => {
        if (!ids.has(r)) errors.push({ path: `${path}.poam.${j}`, message: `${r} is not a requirement of ${a.level}` });
      });
      if (a.status !== 'CONDITIONAL' && a.poam.length) errors.push({ path: `${path}.poam`, message: 'only a Conditional status has a POA&M' });
    }
    if (a.supersedes === a.uid) errors.push({ path: `${path}.supersedes`, message: 'a UID cannot supersede itself' });
    return errors;
  };
}
