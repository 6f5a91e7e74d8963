/**
 * CMMC eMASS records for the fake server, written from feeds.md §1: every field of the record, with
 * dates given as calendar dates and sent as Unix seconds at 17:00 UTC (midday in America/New_York,
 * the rules' zone, so the date read back is the date written).
 */
export const secondsOf = (date: string): number => Date.parse(`${date}T17:00:00Z`) / 1000;

export interface RecordFields {
  operation?: string | null;
  uid?: string | null;
  status?: string | null;
  statusDate?: string | null;
  expirationDate?: string | null;
  score?: number | null;
  cages?: string | null;
  hlo?: string | null;
  company?: string | null;
  osc?: string | null;
  uei?: string | null;
  scope?: string | null;
  scopeDescription?: string | null;
  standard?: string | null;
  assessmentId?: string | null;
  employees?: number | null;
}

/** A Final Level 2 (C3PAO) of the Enterprise scope of CAGE 1AB23 by default; `over` replaces fields. */
export function emassRecord(over: RecordFields = {}): Record<string, unknown> {
  const f = { operation: 'ADDED', uid: 'EM00000001', status: 'Final Level 2 (C3PAO)', statusDate: '2026-06-01', expirationDate: null, score: 110, cages: '1AB23', hlo: '1AB23', company: 'Acme Avionics Inc.', osc: 'Acme Avionics Inc.', uei: 'ACME12345678', scope: 'Enterprise', scopeDescription: 'Corporate network', standard: 'NIST SP 800-171 Revision 2', assessmentId: null, employees: 120, ...over };
  return {
    operation: f.operation,
    hqOrganizationName: f.company,
    uei: f.uei,
    oscName: f.osc,
    highestLevelOwnerCageCode: f.hlo,
    cageCodesInScope: f.cages,
    numberOfEmployees: f.employees,
    scope: f.scope,
    scopeDescription: f.scopeDescription,
    assessmentStandard: f.standard,
    assessmentId: f.assessmentId ?? `00000000-0000-4000-8000-${(f.uid ?? 'none').padStart(12, '0').slice(-12)}`,
    cmmcUid: f.uid,
    overallScore: f.score,
    cmmcStatus: f.status,
    cmmcStatusDate: f.statusDate === null ? null : secondsOf(f.statusDate),
    cmmcStatusExpirationDate: f.expirationDate ? secondsOf(f.expirationDate) : null,
  };
}

/**
 * The fields of record i of a large initial run (the bench, the crash test): companies of five CAGE
 * codes (an HLO and four more) with ten records each over four scopes, so that some scopes hold an
 * older assessment superseded by a newer one.
 */
export function bulkFields(i: number): RecordFields & { uid: string; statusDate: string; cages: string; hlo: string; scope: string; scopeDescription: string; status: string; score: number } {
  const company = Math.floor(i / 10);
  const scope = i % 4;
  const conditional = i % 7 === 0;
  return {
    uid: `BK${String(i).padStart(8, '0')}`,
    status: conditional ? 'Conditional Level 2 (C3PAO)' : 'Final Level 2 (C3PAO)',
    score: conditional ? 95 : 110,
    statusDate: i % 10 >= 8 ? '2025-03-01' : `2026-0${1 + (i % 9)}-1${i % 10}`,
    cages: `${cageOf(company, scope % 2)}; ${cageOf(company, 1 + (scope % 4))}`,
    hlo: cageOf(company, 0),
    company: `Bulk Company ${company}`,
    osc: `Bulk Company ${company} OSC`,
    uei: null,
    scope: scope === 0 ? 'Enterprise' : 'Enclave',
    scopeDescription: scope === 0 ? 'All systems' : `Enclave ${scope}`,
  };
}

export const bulkRecord = (i: number): Record<string, unknown> => emassRecord(bulkFields(i));

/** A CAGE code for company n, member k (0 = the HLO): 5 characters, no I or O. */
export function cageOf(n: number, k: number): string {
  const digits = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let s = '';
  let x = n * 5 + k;
  for (let j = 0; j < 4; j++) {
    s = digits[x % 34] + s;
    x = Math.floor(x / 34);
  }
  return `Z${s}`;
}
