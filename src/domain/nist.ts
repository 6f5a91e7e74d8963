/**
 * NIST SP 800-171 DoD Assessment currency (DFARS 204.7303(b), 252.204-7019(b), 217.207(c)(2)(i)):
 * for each CAGE, the latest summary score dated on or before the action date counts, and it must
 * not be older than 3 years (or the lesser number of days the solicitation sets). No score threshold.
 */
import { calendar } from './calendar.js';
import { addDays, addYears, minDate, type IsoDate } from './dates.js';
import type { NistConfidence } from './levels.js';
import { reason, type Reason } from './reasons.js';

export interface NistRecord {
  id: number;
  cages: string[];
  confidence: NistConfidence;
  assessmentDate: IsoDate;
  score: number;
  fullImplementationDate: IsoDate | null;
  standard: string;
  assessingOrganization: string;
  planDescription: string | null;
}

export interface NistRow {
  cage: string;
  eligible: boolean;
  assessment: (NistRecord & { confidenceLevel: 'Low' | 'Medium' | 'High'; validThrough: IsoDate }) | null;
  reasons: Reason[];
}

/** Basic is a contractor self-assessment: Low confidence (DoD Assessment Methodology). */
const CONFIDENCE_LEVEL = { BASIC: 'Low', MEDIUM: 'Medium', HIGH: 'High' } as const;

export function nistValidThrough(assessmentDate: IsoDate, maxAgeDays?: number | null): IsoDate {
  const p = calendar.validity.NIST_800_171_DOD_ASSESSMENT;
  const standard = p.years !== undefined ? addYears(assessmentDate, p.years) : addDays(assessmentDate, p.days!);
  // Decision: a solicitation's maxAgeDays can only shorten the period ("the lesser number of days").
  return maxAgeDays == null ? standard : minDate(standard, addDays(assessmentDate, maxAgeDays));
}

export function checkNist(cage: string, records: readonly NistRecord[], asOf: IsoDate, maxAgeDays?: number | null): NistRow {
  const latest = records
    .filter((r) => r.cages.includes(cage) && r.assessmentDate <= asOf)
    .sort((a, b) => (a.assessmentDate === b.assessmentDate ? b.id - a.id : a.assessmentDate < b.assessmentDate ? 1 : -1))[0];
  if (!latest) {
    return {
      cage,
      eligible: false,
      assessment: null,
      reasons: [reason('NIST_ASSESSMENT_MISSING', `No NIST SP 800-171 DoD Assessment is posted for CAGE ${cage} on or before ${asOf}.`)],
    };
  }
  const validThrough = nistValidThrough(latest.assessmentDate, maxAgeDays);
  const assessment = { ...latest, confidenceLevel: CONFIDENCE_LEVEL[latest.confidence], validThrough };
  if (validThrough < asOf) {
    return {
      cage,
      eligible: false,
      assessment,
      reasons: [
        reason('NIST_ASSESSMENT_EXPIRED', `The latest NIST SP 800-171 DoD Assessment for CAGE ${cage} (${latest.assessmentDate}, score ${latest.score}) counted through ${validThrough}.`, {
          validThrough,
        }),
      ],
    };
  }
  return { cage, eligible: true, assessment, reasons: [] };
}
