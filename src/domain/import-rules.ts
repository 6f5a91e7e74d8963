/**
 * The rules one imported SPRS record must satisfy on its own (api.md POST /api/v1/import; rules §1,
 * §6), beyond its shape: what the statuses, scores, closeouts and POA&Ms of rules §6 allow. Checks
 * that need other records (CAGE references, a UID twice or already stored) are the import
 * service's.
 */
import { calendar } from './calendar.js';
import { addDays, type IsoDate } from './dates.js';
import type { Level, StatusType } from './levels.js';
import { requirementsFor } from './requirements.js';
import type { FieldError } from './results.js';

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
 * - Level 1 has no score; a Level 2 score is −203…110; a Level 3 score is 0…24 (rules §6);
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
    const t = calendar.thresholds;
    if (a.level === 'L1_SELF' && a.status === 'CONDITIONAL') errors.push({ path: `${path}.status`, message: 'a Level 1 (Self) status cannot be Conditional (no POA&M at Level 1)' });
    if (a.score != null) {
      if (a.level === 'L1_SELF') errors.push({ path: `${path}.score`, message: 'Level 1 has no score' });
      else if (a.level === 'L3_DIBCAC' && (a.score < 0 || a.score > t.L3_REQUIREMENTS)) errors.push({ path: `${path}.score`, message: `a Level 3 score is 0…${t.L3_REQUIREMENTS}` });
      else if (a.level !== 'L3_DIBCAC' && (a.score < t.L2_MIN_SCORE || a.score > t.L2_MAX_SCORE)) errors.push({ path: `${path}.score`, message: `a Level 2 score is ${t.L2_MIN_SCORE}…${t.L2_MAX_SCORE}` });
    }
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
