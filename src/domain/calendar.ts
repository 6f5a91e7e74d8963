/**
 * The regulatory calendar (effective dates, phases, validity periods, thresholds, citations), loaded
 * from data/regulatory-calendar.json. Nothing here re-types a date, period or citation.
 */
import raw from '../data/regulatory-calendar.json' with { type: 'json' };
import type { Level } from './levels.js';

export interface Phase {
  phase: number;
  start: string;
  atAward: Level[];
  discretionAtAward: Level[];
  atOption: Level[];
  discretionAtOption: Level[];
  citation: string;
}
export interface Period { days?: number; years?: number; citation: string }
export interface Calendar {
  dfarsCmmcRuleEffective: string;
  clausePrescription: { from: string; to: string | null; appliesWhen: string; citation: string }[];
  phases: Phase[];
  validity: Record<'CONDITIONAL' | 'FINAL_L1_SELF' | 'FINAL_L2' | 'FINAL_L3' | 'AFFIRMATION' | 'NIST_800_171_DOD_ASSESSMENT', Period>;
  thresholds: {
    L2_CONDITIONAL_MIN_SCORE: number;
    L2_MAX_SCORE: number;
    L2_MIN_SCORE: number;
    L3_CONDITIONAL_MIN_MET: number;
    L3_REQUIREMENTS: number;
  };
  citations: Record<string, string>;
}

export const calendar: Calendar = raw as unknown as Calendar;

export function citation(key: string): string {
  const c = calendar.citations[key];
  if (!c) throw new Error(`no citation for ${key} in the regulatory calendar`);
  return c;
}
