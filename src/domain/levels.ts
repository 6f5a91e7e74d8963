/** CMMC levels and statuses (rules §1; DFARS 204.7501). */
export const LEVELS = ['L1_SELF', 'L2_SELF', 'L2_C3PAO', 'L3_DIBCAC'] as const;
export type Level = (typeof LEVELS)[number];
export const STATUS_TYPES = ['FINAL', 'CONDITIONAL', 'NONE'] as const;
export type StatusType = (typeof STATUS_TYPES)[number];
export const PURPOSES = ['AWARD', 'OPTION', 'EXTENSION', 'NEW_UID'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const INFORMATION = ['NONE', 'FCI', 'CUI'] as const;
export type Information = (typeof INFORMATION)[number];
export const REQUIREMENT_RESULTS = ['MET', 'NOT_MET', 'NOT_APPLICABLE', 'PARTIAL'] as const;
export type RequirementResult = (typeof REQUIREMENT_RESULTS)[number];
export const NIST_CONFIDENCES = ['BASIC', 'MEDIUM', 'HIGH'] as const;
export type NistConfidence = (typeof NIST_CONFIDENCES)[number];
export const ROLES = ['ADMIN', 'CONTRACTING_OFFICER', 'CONTRACTOR', 'C3PAO', 'DIBCAC'] as const;
export type Role = (typeof ROLES)[number];

/** "or higher" means rank ≥ (rules §1). */
export const LEVEL_RANK: Record<Level, number> = { L1_SELF: 1, L2_SELF: 2, L2_C3PAO: 3, L3_DIBCAC: 4 };

export const LEVEL_LABEL: Record<Level, string> = {
  L1_SELF: 'CMMC Level 1 (Self)',
  L2_SELF: 'CMMC Level 2 (Self)',
  L2_C3PAO: 'CMMC Level 2 (C3PAO)',
  L3_DIBCAC: 'CMMC Level 3 (DIBCAC)',
};

export type LevelFamily = 'L1' | 'L2' | 'L3';
/** Supersession works within a family: Level 1; Level 2 Self or C3PAO; Level 3 (rules §3.5). */
export const levelFamily = (level: Level): LevelFamily =>
  level === 'L1_SELF' ? 'L1' : level === 'L3_DIBCAC' ? 'L3' : 'L2';

export const meetsRank = (held: Level, required: Level): boolean => LEVEL_RANK[held] >= LEVEL_RANK[required];

/** The seven statuses of DFARS 204.7501, in words, or "No CMMC Status". */
export function statusLabel(level: Level, type: StatusType): string {
  if (type === 'NONE') return 'No CMMC Status';
  const word = type === 'FINAL' ? 'Final' : 'Conditional';
  return `${word} ${LEVEL_LABEL[level].replace('CMMC ', '')}`;
}
