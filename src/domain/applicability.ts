/**
 * When DFARS 252.204-7021 and 252.204-7025 are used (rules §8; DFARS 204.7504; 32 CFR 170.3(e),
 * 170.5(d)), and which CMMC phase a date falls in. Dates, windows, phases and their citations come
 * from the regulatory calendar.
 */
import { calendar, type Phase } from './calendar.js';
import { LEVEL_LABEL, type Information, type Level, type Purpose } from './levels.js';
import { makeReason, type Reason } from './reasons.js';

export const CMMC_CLAUSES = ['DFARS 252.204-7021', 'DFARS 252.204-7025'] as const;

/** The latest phase whose start is on or before the date, or null before phase 1. */
export function phaseAt(date: string): Phase | null {
  let found: Phase | null = null;
  for (const p of calendar.phases) if (p.start <= date && (!found || p.start > found.start)) found = p;
  return found;
}

const MOMENT: Record<Purpose, 'award' | 'option'> = {
  AWARD: 'award',
  NEW_UID: 'award',
  OPTION: 'option',
  EXTENSION: 'option',
};

/**
 * Phase-in (32 CFR 170.3(e)): the phase the date falls in and whether the level is expected in it or
 * is a DoD-discretion early requirement. Advisory only; it never changes eligibility.
 */
export function phaseFor(
  date: string,
  level: Level | null,
  purpose: Purpose,
): { phase: number | null; advisory: string; citation: string | null } {
  const p = phaseAt(date);
  if (!p) {
    const first = [...calendar.phases].sort((a, b) => (a.start < b.start ? -1 : 1))[0];
    return {
      phase: null,
      advisory: first
        ? `${date} is before CMMC phase ${first.phase} begins on ${first.start}; no CMMC phase applies.`
        : 'No CMMC phase applies.',
      citation: null,
    };
  }
  const moment = MOMENT[purpose];
  const expected = moment === 'award' ? p.atAward : p.atOption;
  const discretion = moment === 'award' ? p.discretionAtAward : p.discretionAtOption;
  const at = moment === 'award' ? 'at award' : 'at option exercise or extension';
  const head = `Phase ${p.phase} (from ${p.start}, ${p.citation}).`;
  let advice: string;
  if (level === null) {
    advice = `No CMMC level is set. Expected ${at} in this phase: ${
      expected.length ? expected.map((l) => LEVEL_LABEL[l]).join(', ') : 'none'
    }.`;
  } else if (expected.includes(level)) {
    advice = `${LEVEL_LABEL[level]} is expected ${at} in this phase.`;
  } else if (discretion.includes(level)) {
    advice = `${LEVEL_LABEL[level]} is not yet expected ${at} in this phase; requiring it now is an early requirement at DoD's discretion.`;
  } else {
    advice = `${LEVEL_LABEL[level]} is not foreseen ${at} in this phase, not even as a DoD-discretion early requirement; the program office is going beyond the phase-in plan.`;
  }
  return { phase: p.phase, advisory: `${head} ${advice} Advisory only: the phase never changes eligibility.`, citation: p.citation };
}

export interface ApplicabilityInput {
  issueDate: string;
  cotsOnly: boolean;
  waiver: boolean;
  programOfficeLevel: Level | null;
  information: Information;
}

export interface ApplicabilityDecision {
  clauseApplies: boolean;
  clauses: string[];
  requiredLevel: Level | null;
  phase: { phase: number | null; advisory: string };
  reasons: Reason[];
}

const NOT_USED_SUFFIX = 'The CMMC clauses are not used in this solicitation, so the phase-in does not affect it.';

function notUsed(issueDate: string, reasons: Reason[]): ApplicabilityDecision {
  const p = phaseFor(issueDate, null, 'AWARD');
  const advisory =
    p.phase === null ? p.advisory : `Phase ${p.phase} (from ${phaseAt(issueDate)!.start}, ${p.citation}). ${NOT_USED_SUFFIX}`;
  return { clauseApplies: false, clauses: [], requiredLevel: null, phase: { phase: p.phase, advisory }, reasons };
}

function used(issueDate: string, level: Level | null, reasons: Reason[]): ApplicabilityDecision {
  const p = phaseFor(issueDate, level, 'AWARD');
  return {
    clauseApplies: true,
    clauses: [...CMMC_CLAUSES],
    requiredLevel: level,
    phase: { phase: p.phase, advisory: p.advisory },
    reasons,
  };
}

/** Does the solicitation use DFARS 252.204-7021 and 252.204-7025, and at which level (rules §8)? */
export function decideApplicability(i: ApplicabilityInput): ApplicabilityDecision {
  const clauses = CMMC_CLAUSES.join(' and ');
  const exempt: Reason[] = [];
  if (i.waiver) {
    exempt.push(
      makeReason('WAIVER', `CMMC requirements are waived for this procurement (32 CFR 170.5(d)), so ${clauses} are not used.`),
    );
  }
  if (i.cotsOnly) {
    exempt.push(
      makeReason('COTS_ONLY', `The procurement is exclusively for commercially available off-the-shelf (COTS) items, so ${clauses} are not used.`),
    );
  }
  if (exempt.length > 0) return notUsed(i.issueDate, exempt);

  const effective = calendar.dfarsCmmcRuleEffective;
  const windows = [...calendar.clausePrescription].sort((a, b) => (a.from < b.from ? -1 : 1));
  const window = windows.find((w) => w.from <= i.issueDate && (w.to === null || i.issueDate <= w.to));
  if (i.issueDate < effective || !window) {
    const cite = windows[0]?.citation;
    if (!cite) throw new Error('the regulatory calendar gives no clause prescription');
    return {
      clauseApplies: false,
      clauses: [],
      requiredLevel: null,
      phase: {
        phase: null,
        advisory:
          `The DFARS CMMC rule takes effect on ${effective}; no CMMC phase applies to a solicitation issued on ${i.issueDate}. ` +
          `The contracting officer may include the clauses if award will be on or after ${effective}.`,
      },
      reasons: [
        makeReason(
          'CLAUSE_NOT_YET_EFFECTIVE',
          `The solicitation is issued on ${i.issueDate}, before the DFARS CMMC rule takes effect on ${effective}: ${clauses} are not required, ` +
            `but the contracting officer may include them if award will be on or after ${effective}.`,
          undefined,
          cite,
        ),
      ],
    };
  }

  const level = i.programOfficeLevel;
  switch (window.appliesWhen) {
    case 'PROGRAM_OFFICE_REQUIRES_LEVEL': {
      const until = window.to ? ` through ${window.to}` : '';
      if (level === null) {
        return notUsed(i.issueDate, [
          makeReason(
            'NO_LEVEL_SET',
            `From ${window.from}${until}, ${clauses} are used only when the program office sets a CMMC level; none is set, so they are not used.`,
            undefined,
            window.citation,
          ),
        ]);
      }
      const reasons = [
        makeReason(
          'LEVEL_SET',
          `From ${window.from}${until}, ${clauses} are used when the program office sets a CMMC level: it set ${LEVEL_LABEL[level]}.`,
          undefined,
          window.citation,
        ),
      ];
      if (i.information === 'NONE') {
        reasons.push(
          makeReason(
            'LEVEL_WITHOUT_INFORMATION',
            `The program office set ${LEVEL_LABEL[level]}, but contractor systems will not process, store or transmit FCI or CUI. ` +
              'That is unusual: confirm the requirement with the program office.',
            undefined,
            window.citation,
          ),
        );
      }
      return used(i.issueDate, level, reasons);
    }
    case 'FCI_OR_CUI_ON_CONTRACTOR_SYSTEMS': {
      if (i.information === 'NONE') {
        const ignored = level ? ` The level the program office set (${LEVEL_LABEL[level]}) is not used.` : '';
        return notUsed(i.issueDate, [
          makeReason(
            'NO_FCI_OR_CUI',
            `From ${window.from}, ${clauses} are used when contractor systems will process, store or transmit FCI or CUI; they will not, so the clauses are not used.${ignored}`,
            undefined,
            window.citation,
          ),
        ]);
      }
      const reasons = [
        makeReason(
          'FCI_OR_CUI',
          `From ${window.from}, ${clauses} are used when contractor systems will process, store or transmit FCI or CUI: they will (${i.information}).`,
          undefined,
          window.citation,
        ),
      ];
      if (level === null) {
        reasons.push(
          makeReason(
            'LEVEL_NEEDED',
            'The clauses apply but the program office has set no CMMC level: the contracting officer must obtain the required level from the program office.',
            undefined,
            window.citation,
          ),
        );
      }
      return used(i.issueDate, level, reasons);
    }
    default:
      throw new Error(`unknown clause prescription condition in the regulatory calendar: ${window.appliesWhen}`);
  }
}
