/**
 * The requirement tables of CMMC Levels 1, 2 and 3 (32 CFR 170.15–170.18), loaded from the CSV
 * files in src/data (read with csv-parse). Weights, partial credit and POA&M eligibility are data, never literals.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Level } from './levels.js';

export type PoamAllowed = 'yes' | 'no' | 'partial_only';
export interface Requirement {
  id: string;
  family: string;
  name: string;
  /** Level 2: DoD Assessment Methodology points; Level 3: 1 each; Level 1: 0 (no score). */
  points: number;
  /** Level 2 only: deduction when PARTIAL is allowed (3.5.3, 3.13.11). */
  partialPoints: number | null;
  poamAllowed: PoamAllowed;
  nistIds: string[];
  farParagraph?: string;
}

/** A requirement table as rows keyed by its header (csv-parse, the same reader as results files). */
const load = (name: string): Record<string, string>[] =>
  parse(readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8'), { columns: true, trim: true, skip_empty_lines: true, bom: true });

const level1: Requirement[] = load('level1-requirements.csv').map((r) => ({
  id: r.cmmc_id,
  family: r.cmmc_id.slice(0, 2),
  name: r.short_name,
  points: 0,
  partialPoints: null,
  poamAllowed: 'no',
  nistIds: r.nist_ids.split(';'),
  farParagraph: r.far_paragraph,
}));

const level2: Requirement[] = load('level2-requirements.csv').map((r) => ({
  id: r.cmmc_id,
  family: r.family,
  name: r.short_name,
  points: Number(r.points),
  partialPoints: r.partial_points === '' ? null : Number(r.partial_points),
  poamAllowed: r.poam_allowed as PoamAllowed,
  nistIds: [r.nist_id],
}));

const level3: Requirement[] = load('level3-requirements.csv').map((r) => ({
  id: r.cmmc_id,
  family: r.cmmc_id.slice(0, 2),
  name: r.short_name,
  points: 1,
  partialPoints: null,
  poamAllowed: r.poam_allowed as PoamAllowed,
  nistIds: [],
}));

export const REQUIREMENTS = { L1: level1, L2: level2, L3: level3 } as const;

/** The requirement table a level's results must name, all of it and nothing else (rules §6). */
export function requirementsFor(level: Level): readonly Requirement[] {
  return level === 'L1_SELF' ? level1 : level === 'L3_DIBCAC' ? level3 : level2;
}

const byId = new Map<string, Requirement>([...level1, ...level2, ...level3].map((r) => [r.id, r]));
export const requirementById = (id: string): Requirement | undefined => byId.get(id);

/** The System Security Plan requirement: NOT MET means the assessment cannot be completed. */
export const SSP_REQUIREMENT_ID = level2.find((r) => r.nistIds[0] === '3.12.4')!.id;
