/**
 * The product decisions of the rule book (paragraphs marked **Decision**), shown to users as
 * assumptions beside every verdict they can affect.
 */
export const ASSUMPTIONS = [
  { id: 'UID_ALPHABET', text: 'Generated UIDs avoid the letters I and O; typed UIDs may use any of A–Z and 0–9 (rules §1).' },
  { id: 'YEARS_INCLUSIVE', text: '"Not older than N years" is inclusive: current through the status date plus N calendar years; 29 February plus one year is 28 February (rules §2).' },
  { id: 'SUPERSEDED_NOT_CURRENT', text: 'A superseded UID is not current from the replacement\'s status date; the verdict names the replacement so the officer can ask for an updated UID list (rules §3.5).' },
  { id: 'CONDITIONAL_NEVER_L1', text: 'A Conditional status never meets a Level 1 requirement, even at Level 2 or 3 (DFARS 204.7502(b)(2), literal reading).' },
  { id: 'L3_PREREQUISITE_ADVISORY', text: 'A lapsed Final Level 2 (C3PAO) under a Level 3 status is a warning, not a failure (rules §5).' },
  { id: 'SAME_UID_AFTER_CLOSEOUT', text: 'A successful POA&M closeout keeps the UID and status date, for self-assessments too (rules §6).' },
  { id: 'CUI_NEEDS_L2', text: 'CUI flowing to a subcontractor under a Level 1 prime needs at least Level 2 (Self) (rules §7).' },
  { id: 'NIST_MAX_AGE_SHORTENS', text: 'A solicitation\'s NIST maximum age can only shorten the 3-year period (rules §5).' },
  { id: 'IMPORT_SUPERSESSION', text: 'Imported records supersede older records of the same scope and level family by status date, as postings do (rules §3.5, §6).' },
] as const;

export type AssumptionId = (typeof ASSUMPTIONS)[number]['id'];

/** Which decision a reason code rests on, so a verdict can footnote it beside the reason. */
export const ASSUMPTION_OF: Readonly<Record<string, string>> = {
  UID_INVALID_FORMAT: 'UID_ALPHABET',
  STATUS_EXPIRED: 'YEARS_INCLUSIVE',
  AFFIRMATION_EXPIRED: 'YEARS_INCLUSIVE',
  SUPERSEDED: 'SUPERSEDED_NOT_CURRENT',
  CONDITIONAL_NOT_ALLOWED_FOR_L1: 'CONDITIONAL_NEVER_L1',
  L3_PREREQUISITE_LAPSED: 'L3_PREREQUISITE_ADVISORY',
  NIST_ASSESSMENT_EXPIRED: 'NIST_MAX_AGE_SHORTENS',
} satisfies Record<string, AssumptionId>;

export const currentRules = (): { id: string; text: string }[] => ASSUMPTIONS.map((a) => ({ ...a }));
