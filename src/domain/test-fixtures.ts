/**
 * Record factories for tests of the pure rules (and of the API bodies built from the same facts).
 * Test-only: nothing under src/ outside *.test.ts may import this module.
 */
import { readFileSync } from 'node:fs';
import type { StatusRecord } from './currency.js';
import type { NistRecord } from './nist.js';

/** A status record as the loader builds it; by default a Final L2 (C3PAO) of company 1AB23 affirmed on its status date. */
export function statusRecord(over: Partial<StatusRecord> = {}): StatusRecord {
  const statusDate = over.statusDate ?? '2026-01-01';
  return {
    uid: 'A1B2C3D4E5',
    level: 'L2_C3PAO',
    postedType: 'FINAL',
    statusDate,
    cages: ['1AB23'],
    cageHlos: ['1AB23'],
    hloCage: '1AB23',
    scope: 'Enterprise',
    scopeKey: 'enterprise',
    score: 110,
    affirmations: [{ date: statusDate }],
    complianceChanges: [],
    closeout: null,
    supersededBy: [],
    poam: [],
    ...over,
  };
}

export type NistPosting = Omit<NistRecord, 'id'>;

/** A NIST SP 800-171 DoD Assessment as posted (no id yet); by default a Basic self-assessment of CAGE 1AB23. */
export function nistPosting(over: Partial<NistPosting> = {}): NistPosting {
  return {
    cages: ['1AB23'],
    confidence: 'BASIC',
    assessmentDate: '2024-01-10',
    score: 95,
    fullImplementationDate: '2025-01-01',
    standard: 'NIST SP 800-171 Rev 2',
    assessingOrganization: 'Contractor self-assessment',
    planDescription: 'Enterprise SSP',
    ...over,
  };
}

let nextNistId = 1;
/** A posted NIST SP 800-171 DoD Assessment with its own id (see `nistPosting` for the defaults). */
export function nistRecord(over: Partial<NistRecord> = {}): NistRecord {
  return { id: nextNistId++, ...nistPosting(), ...over };
}

/**
 * The Level 2 requirement table read straight from its CSV by splitting lines (not through
 * requirements.ts, which parses it with csv-parse), so scoring expectations do not rest on the code
 * under test. Columns: cmmc_id, nist_id, …, points, partial_points, poam_allowed.
 */
export function level2Csv(): { id: string; nist: string; points: number; partial: number | null; poam: string }[] {
  return readFileSync(new URL('../data/level2-requirements.csv', import.meta.url), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [id, nist, , , points, partial, poam] = line.split(',');
      return { id: id!, nist: nist!, points: Number(points), partial: partial === '' ? null : Number(partial), poam: poam! };
    });
}
