/**
 * The demo data set: companies, historical SPRS records, NIST SP 800-171 DoD Assessments and the demo
 * accounts. Every date is an offset from "today" (the injected clock, which APP_TODAY may pin), so the
 * demo tells the same story whatever day it is started: what is current stays current, what has
 * lapsed has lapsed by the same margin. No calendar date is written here.
 *
 * The UIDs are fixed so the README and the tests can name them; the postings made "today" by the
 * seed (seeds/demo.ts) get system-generated UIDs like any posting (rules §1 "CMMC UID").
 */
import type { z } from 'zod';
import { addDays, addYears, type IsoDate } from '../src/domain/dates.js';
import { secondsAtStartOf } from '../src/domain/emass-record.js';
import type { Level, Role } from '../src/domain/levels.js';
import { requirementById, requirementsFor } from '../src/domain/requirements.js';
import type { ImportInput } from '../src/services/inputs.js';

/** One memorable password for every demo account (it is a demo: never use it on a real install). */
export const DEMO_PASSWORD = 'AwardGate-demo-2026';

// ---- companies (SAM-style records; a company is the CAGE hierarchy under its HLO, rules §1) ----

export const DEMO_COMPANIES = {
  /** The prime: HLO CAGE and two subsidiary CAGE codes. */
  keystone: { cage: '7TKA3', name: 'Keystone Aerospace Systems, Inc.' },
  keystoneHuntsville: { cage: '7TKB8', name: 'Keystone Aerospace Systems, Inc. (Huntsville Engineering Center)' },
  keystoneTucson: { cage: '7TKC2', name: 'Keystone Aerospace Systems, Inc. (Tucson Flight Test Operations)' },
  /** Subcontractor of Keystone with its own contractor account. */
  brightwater: { cage: '3BWP5', name: 'Brightwater Precision Machining LLC' },
  /** Second subcontractor. */
  northfield: { cage: '6NFC1', name: 'Northfield Cyber Solutions Corp.' },
  /** Handles FCI only: Level 1 (Self) and no NIST SP 800-171 DoD Assessment. */
  hollis: { cage: '1HFS9', name: 'Hollis Fastener & Supply Co.' },
  /** Foreign firm: an NCAGE has the shape of a CAGE code (rules §1). */
  aldermoor: { cage: 'U7R42', name: 'Aldermoor Optronics Ltd' },
  /** SAM registration inactive (DFARS 217.207(c)(1) attestation fails for it). */
  redstone: { cage: '5RVC4', name: 'Redstone Valley Composites Inc.' },
} as const;
export type DemoCompany = keyof typeof DEMO_COMPANIES;

const C = DEMO_COMPANIES;

type RawImport = z.input<typeof ImportInput>;
type RawAssessment = RawImport['assessments'] extends (infer A)[] | undefined ? A : never;

const companies: NonNullable<RawImport['companies']> = [
  { ...C.keystone, uei: 'KX7LM2QH4RN9', hloCage: C.keystone.cage, samActive: true, address: '4100 Wright Brothers Pkwy, Dayton, OH 45431' },
  { ...C.keystoneHuntsville, uei: 'KX7LM2QH5TB3', hloCage: C.keystone.cage, samActive: true, address: '6200 Discovery Dr NW, Huntsville, AL 35806' },
  { ...C.keystoneTucson, uei: 'KX7LM2QH6WC8', hloCage: C.keystone.cage, samActive: true, address: '1750 E Valencia Rd, Tucson, AZ 85706' },
  { ...C.brightwater, uei: 'BW3PMJ8RK2D4', hloCage: C.brightwater.cage, samActive: true, address: '2215 W 12th St, Erie, PA 16505' },
  { ...C.northfield, uei: 'NF6CS1VQ9H7E', hloCage: C.northfield.cage, samActive: true, address: '90 S Cascade Ave, Suite 400, Colorado Springs, CO 80903' },
  { ...C.hollis, uei: 'HF1SC9ZT3L6M', hloCage: C.hollis.cage, samActive: true, address: '1820 S Hoover Rd, Wichita, KS 67209' },
  { ...C.aldermoor, uei: 'AL7RU42KX5N2', hloCage: C.aldermoor.cage, samActive: true, address: 'Unit 4, Enigma Business Park, Malvern, Worcestershire WR14 1GP, United Kingdom' },
  { ...C.redstone, uei: 'RV5CC4HG8P1J', hloCage: C.redstone.cage, samActive: false, address: '2910 Central Pkwy SW, Decatur, AL 35603' },
];

// ---- accounts (one per role; README lists them) ----

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
  name: string;
  /** The contractor's company; null for government and assessor accounts. */
  company: { cage: string; name: string } | null;
  note: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@awardgate.demo', role: 'ADMIN', password: DEMO_PASSWORD, name: 'Avery Morgan', company: null, note: 'Accounts, company records, bulk import; stands in for the SPRS and eMASS feeds' },
  {
    email: 'officer@awardgate.demo',
    role: 'CONTRACTING_OFFICER',
    password: DEMO_PASSWORD,
    name: 'Jordan Ellis',
    company: null,
    note: 'Runs and records award, option, extension and new-UID checks; recorded the two demo verifications',
  },
  { email: 'prime@awardgate.demo', role: 'CONTRACTOR', password: DEMO_PASSWORD, name: 'Margaret Okafor', company: C.keystone, note: 'Prime contractor (HLO with two subsidiary CAGE codes)' },
  { email: 'subcontractor@awardgate.demo', role: 'CONTRACTOR', password: DEMO_PASSWORD, name: 'Daniel Reyes', company: C.brightwater, note: 'Subcontractor of Keystone' },
  { email: 'c3pao@awardgate.demo', role: 'C3PAO', password: DEMO_PASSWORD, name: 'Rosa Delgado', company: null, note: 'C3PAO assessor engaged with Keystone Aerospace Systems' },
  { email: 'dibcac@awardgate.demo', role: 'DIBCAC', password: DEMO_PASSWORD, name: 'Lt Col Samuel Price', company: null, note: 'DCMA DIBCAC: Level 3 results, NIST Medium/High assessments, compliance changes' },
];

export const demoAccount = (role: Role, cage?: string): DemoAccount =>
  DEMO_ACCOUNTS.find((a) => a.role === role && (cage === undefined || a.company?.cage === cage))!;

// ---- UIDs (fixed, 10 characters without I or O) ----

export interface DemoUid {
  uid: string;
  /** CAGE of the company that holds it. */
  cage: string;
  level: Level;
  description: string;
}

const demoUid = <const L extends Level>(uid: string, company: { cage: string }, level: L, description: string) => ({ uid, cage: company.cage, level, description });

export const DEMO_UIDS = {
  finalL1: demoUid('Y1920M62WN', C.hollis, 'L1_SELF', 'Final Level 1 (Self), posted 100 days ago and affirmed: current'),
  finalL2Self: demoUid('EKJ76SFRVX', C.brightwater, 'L2_SELF', 'Final Level 2 (Self), 90 days old and affirmed: current (LEVEL_TOO_LOW against an L2 (C3PAO) requirement)'),
  finalL2C3pao: demoUid('QJ7K0FT06F', C.keystone, 'L2_C3PAO', "Final Level 2 (C3PAO) of the prime's corporate network (HLO and Huntsville CAGE): current"),
  conditionalL2C3pao: demoUid('JFKC16YFCB', C.keystoneTucson, 'L2_C3PAO', 'Conditional Level 2 (C3PAO), day 45 of 180, with a POA&M of four requirements: current'),
  conditionalExpired: demoUid('VAVG0W5FT5', C.northfield, 'L2_C3PAO', 'Conditional Level 2 (C3PAO) posted 200 days ago, never closed out: CONDITIONAL_EXPIRED'),
  finalL1Expired: demoUid('WJ3TVD33VR', C.hollis, 'L1_SELF', 'Final Level 1 (Self) posted 380 days ago (affirmed again 20 days ago): STATUS_EXPIRED'),
  affirmationExpired: demoUid('468TZ2E633', C.brightwater, 'L2_SELF', 'Final Level 2 (Self) whose only affirmation is 500 days old: AFFIRMATION_EXPIRED'),
  awaitingAffirmation: demoUid('1MVY5L2HU4', C.northfield, 'L2_C3PAO', 'Final Level 2 (C3PAO) posted 20 days ago, not yet affirmed: AFFIRMATION_MISSING'),
  complianceChanged: demoUid('PXS5L6TG25', C.brightwater, 'L2_SELF', 'Final Level 2 (Self); DIBCAC recorded a change in compliance dated 12 days ago: COMPLIANCE_CHANGED'),
  superseded: demoUid('5WPD0VNLLZ', C.keystoneTucson, 'L2_SELF', 'Final Level 2 (Self) of the Tucson enclave, replaced by the newer C3PAO assessment JFKC16YFCB: SUPERSEDED'),
  closeoutSuccess: demoUid('ABG2NJZGUX', C.keystoneHuntsville, 'L2_C3PAO', 'Conditional Level 2 (C3PAO) closed out 70 days ago: Final with the same UID and status date, affirmed after closeout: current'),
  closeoutFailed: demoUid('ZKTJ6SJ21T', C.redstone, 'L2_C3PAO', 'Conditional Level 2 (C3PAO) whose POA&M closeout failed 30 days ago: POAM_CLOSEOUT_FAILED'),
  noCmmcStatus: demoUid('JUA3SCBFA3', C.redstone, 'L2_SELF', 'Level 2 (Self) self-assessment scoring 71: No CMMC Status (NO_CMMC_STATUS)'),
  finalL3: demoUid('YABYZ0CCXS', C.keystoneHuntsville, 'L3_DIBCAC', 'Final Level 3 (DIBCAC) of the Program Falcon enclave; its Final Level 2 (C3PAO) is current'),
  falconL2C3pao: demoUid('AFU6A991JU', C.keystoneHuntsville, 'L2_C3PAO', 'Final Level 2 (C3PAO) of the Program Falcon enclave: the current Level 3 prerequisite'),
  l3PrerequisiteLapsed: demoUid('W1EQSBS79K', C.keystone, 'L3_DIBCAC', 'Final Level 3 (DIBCAC) of the Program Osprey enclave: current, but its Level 2 (C3PAO) prerequisite lapsed (L3_PREREQUISITE_LAPSED)'),
  ospreyL2C3pao: demoUid('SJ6CB5C5EN', C.keystone, 'L2_C3PAO', 'Final Level 2 (C3PAO) of the Program Osprey enclave, last affirmed 420 days ago: AFFIRMATION_EXPIRED'),
  expiresWithin: demoUid('NTUC3GWJSB', C.aldermoor, 'L1_SELF', 'Final Level 1 (Self) of the foreign firm, current for 35 more days: EXPIRES_WITHIN'),
  subcontractorUid: demoUid('Q66XHZLPK4', C.brightwater, 'L2_C3PAO', "Final Level 2 (C3PAO) of the subcontractor's CUI enclave: listed in the prime's offer → UID_NOT_OFFEROR_CAGE (information)"),
  conditionalForL1: demoUid('UJS3EHURK7', C.northfield, 'L2_SELF', 'Conditional Level 2 (Self), day 60 of 180: current, but fails a Level 1 requirement (CONDITIONAL_NOT_ALLOWED_FOR_L1)'),
} as const satisfies Record<string, DemoUid>;
export type DemoUidName = keyof typeof DEMO_UIDS;

/** Scopes of the postings the seed makes today (their UIDs are generated). */
export const TODAY_POSTINGS = {
  c3paoConditional: { cage: C.keystone.cage, scope: 'Enclave: Keystone depot-maintenance enclave', poam: ['AU.L2-3.3.4', 'MP.L2-3.8.9', 'SC.L2-3.13.12'] },
  subcontractorL1: { cage: C.brightwater.cage, scope: 'Enclave: Brightwater shipping and receiving (FCI)' },
} as const;

/** The NIST SP 800-171 DoD Assessment picture (rules §5, 252.204-7019/7020). */
export const DEMO_NIST = {
  basicCurrent: { cages: [C.keystone.cage, C.keystoneTucson.cage], confidence: 'BASIC' },
  highCurrent: { cages: [C.keystoneHuntsville.cage], confidence: 'HIGH' },
  mediumCurrent: { cages: [C.brightwater.cage], confidence: 'MEDIUM' },
  /** 3 years and 1 day old: a sub a prime may not award a 7012 subcontract to (rules §7). */
  expired: { cages: [C.redstone.cage], confidence: 'BASIC' },
  /** A CAGE with no assessment at all (NIST_ASSESSMENT_MISSING). */
  none: { cages: [C.hollis.cage], confidence: null },
} as const;

/** The two verifications the officer records for the prime on seeding day. */
export const DEMO_VERIFICATIONS = {
  award: { solicitationNumber: 'W58RGZ-27-R-0041', requiredLevel: 'L2_C3PAO' as Level },
  option: { contractNumber: 'HQ0147-25-C-0031', requiredLevel: 'L3_DIBCAC' as Level },
} as const;

/**
 * The officer's workspace (issue 10): an FCI solicitation awarded to the foreign firm on its Level 1
 * UID, which lapses 35 days from seeding, before the contract's first option (60 days on); and an
 * open CUI solicitation with the prime's offer.
 */
export const DEMO_WORKSPACE = {
  awarded: {
    solicitation: { number: 'W58RGZ-27-Q-0107', title: 'Optical sight assemblies (FCI only)', actionType: 'CONTRACT', cotsOnly: false, waiver: false, programOfficeLevel: 'L1_SELF', information: 'FCI', nistApplies: false },
    offer: { offerorName: C.aldermoor.name, cage: C.aldermoor.cage, uei: 'AL7RU42KX5N2', uids: [DEMO_UIDS.expiresWithin.uid] },
    contractNumber: 'W58RGZ-27-C-0107',
  },
  open: {
    solicitation: { number: 'W58RGZ-27-R-0042', title: 'Depot maintenance planning support (CUI)', actionType: 'CONTRACT', cotsOnly: false, waiver: false, programOfficeLevel: 'L2_C3PAO', information: 'CUI', nistApplies: true },
    offer: { offerorName: C.keystone.name, cage: C.keystone.cage, uei: 'KX7LM2QH4RN9', uids: [DEMO_UIDS.finalL2C3pao.uid, DEMO_UIDS.closeoutSuccess.uid, DEMO_UIDS.subcontractorUid.uid] },
  },
} as const;

// ---- affirming officials ----

const ao = {
  keystone: { name: 'Margaret Okafor', title: 'Chief Information Security Officer', email: 'm.okafor@keystone-aero.example' },
  brightwater: { name: 'Daniel Reyes', title: 'President', email: 'dreyes@brightwater-pm.example' },
  northfield: { name: 'Priya Natarajan', title: 'Chief Executive Officer', email: 'pnatarajan@northfieldcyber.example' },
  hollis: { name: 'Gary Hollis', title: 'Owner', email: 'gary@hollisfastener.example' },
  aldermoor: { name: 'Eleanor Whitcombe', title: 'Managing Director', email: 'e.whitcombe@aldermoor-optronics.example' },
  redstone: { name: 'Curtis Bell', title: 'General Manager', email: 'cbell@redstonecomposites.example' },
} as const;

/** Level 2 score of a result whose only shortfalls are `notMet` (110 − their points, 32 CFR 170.24). */
export function level2Score(notMet: readonly string[]): number {
  return 110 - notMet.reduce((sum, id) => sum + requirementById(id)!.points, 0);
}

/** Every requirement of the level MET except the given ones NOT_MET (for postings). */
export function resultsWith(level: Level, notMet: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(requirementsFor(level).map((r) => [r.id, notMet.includes(r.id) ? 'NOT_MET' : 'MET']));
}

/** The import batch of historical records, dated relative to `today`. */
export function demoImport(today: IsoDate): RawImport {
  const ago = (days: number) => addDays(today, -days);
  const ahead = (days: number) => addDays(today, days);
  const U = DEMO_UIDS;
  const aff = (who: keyof typeof ao, ...daysAgo: number[]) => daysAgo.map((d) => ({ ...ao[who], date: ago(d) }));

  const tucsonPoam = ['AC.L2-3.1.10', 'AU.L2-3.3.8', 'MP.L2-3.8.4', 'SC.L2-3.13.9'];
  const huntsvillePoam = ['CM.L2-3.4.9', 'IA.L2-3.5.4', 'IR.L2-3.6.3', 'MA.L2-3.7.6', 'PE.L2-3.10.6', 'SC.L2-3.13.13'];
  const northfieldPoam = ['AC.L2-3.1.8', 'AT.L2-3.2.3', 'AU.L2-3.3.3', 'IA.L2-3.5.11', 'RA.L2-3.11.3'];
  const socPoam = ['AC.L2-3.1.4', 'AC.L2-3.1.6', 'AC.L2-3.1.7', 'AU.L2-3.3.4', 'AU.L2-3.3.6', 'CM.L2-3.4.3', 'MP.L2-3.8.5', 'SC.L2-3.13.3'];
  const redstonePoam = ['AC.L2-3.1.3', 'AC.L2-3.1.9', 'AC.L2-3.1.11', 'AC.L2-3.1.14', 'AC.L2-3.1.15', 'IA.L2-3.5.5', 'IA.L2-3.5.6', 'MA.L2-3.7.3', 'MP.L2-3.8.6', 'SC.L2-3.13.7'];

  const assessments: RawAssessment[] = [
    // --- Keystone Aerospace Systems (prime) ---
    {
      uid: U.finalL2C3pao.uid,
      level: 'L2_C3PAO',
      status: 'FINAL',
      statusDate: ago(200),
      cages: [C.keystone.cage, C.keystoneHuntsville.cage],
      scope: 'Enterprise: Keystone corporate network',
      scopeDescription: 'Corporate IT (Dayton and Huntsville): email, file shares, ERP and engineering PLM handling CUI',
      score: 110,
      affirmations: aff('keystone', 200),
    },
    {
      uid: U.falconL2C3pao.uid,
      level: 'L2_C3PAO',
      status: 'FINAL',
      statusDate: ago(300),
      cages: [C.keystoneHuntsville.cage],
      scope: 'Enclave: Program Falcon CUI enclave',
      scopeDescription: 'Isolated engineering enclave for the Falcon guidance program',
      score: 110,
      affirmations: aff('keystone', 300, 35),
    },
    {
      uid: U.finalL3.uid,
      level: 'L3_DIBCAC',
      status: 'FINAL',
      statusDate: ago(150),
      cages: [C.keystoneHuntsville.cage],
      scope: 'Enclave: Program Falcon CUI enclave',
      score: 24,
      affirmations: aff('keystone', 150),
    },
    {
      uid: U.ospreyL2C3pao.uid,
      level: 'L2_C3PAO',
      status: 'FINAL',
      statusDate: ago(420),
      cages: [C.keystone.cage],
      scope: 'Enclave: Program Osprey CUI enclave',
      scopeDescription: 'Engineering enclave for the Osprey sensor program',
      score: 110,
      affirmations: aff('keystone', 420),
    },
    {
      uid: U.l3PrerequisiteLapsed.uid,
      level: 'L3_DIBCAC',
      status: 'FINAL',
      statusDate: ago(210),
      cages: [C.keystone.cage],
      scope: 'Enclave: Program Osprey CUI enclave',
      score: 24,
      affirmations: aff('keystone', 210),
    },
    {
      uid: U.superseded.uid,
      level: 'L2_SELF',
      status: 'FINAL',
      statusDate: ago(400),
      cages: [C.keystoneTucson.cage],
      scope: 'Enclave: Tucson flight-test data enclave',
      scopeDescription: 'Telemetry reduction and flight-test reports',
      score: 110,
      affirmations: aff('keystone', 400),
    },
    {
      // Same scope and family as the self-assessment above: it supersedes it (rules §3.5).
      uid: U.conditionalL2C3pao.uid,
      level: 'L2_C3PAO',
      status: 'CONDITIONAL',
      statusDate: ago(45),
      cages: [C.keystoneTucson.cage],
      scope: 'Enclave: Tucson flight-test data enclave',
      score: level2Score(tucsonPoam),
      poam: tucsonPoam,
      supersedes: U.superseded.uid,
      affirmations: aff('keystone', 45),
    },
    {
      uid: U.closeoutSuccess.uid,
      level: 'L2_C3PAO',
      status: 'CONDITIONAL',
      statusDate: ago(160),
      cages: [C.keystoneHuntsville.cage],
      scope: 'Enclave: Huntsville engineering enclave',
      scopeDescription: 'Huntsville CAD/CAM and test-data workstations',
      score: level2Score(huntsvillePoam),
      poam: huntsvillePoam,
      // 32 CFR 170.21(b) closeout on day 90; the Affirming Official affirmed again that day (170.22).
      closeout: { date: ago(70), result: 'SUCCESS' },
      affirmations: aff('keystone', 160, 70),
    },
    // --- Brightwater Precision Machining (subcontractor) ---
    {
      uid: U.finalL2Self.uid,
      level: 'L2_SELF',
      status: 'FINAL',
      statusDate: ago(90),
      cages: [C.brightwater.cage],
      scope: 'Enterprise: Brightwater shop network',
      score: 110,
      affirmations: aff('brightwater', 90),
    },
    {
      uid: U.subcontractorUid.uid,
      level: 'L2_C3PAO',
      status: 'FINAL',
      statusDate: ago(240),
      cages: [C.brightwater.cage],
      scope: 'Enclave: Brightwater CUI machining enclave',
      scopeDescription: 'CNC programming and technical-data workstations for Keystone parts',
      score: 110,
      affirmations: aff('brightwater', 240),
    },
    {
      uid: U.affirmationExpired.uid,
      level: 'L2_SELF',
      status: 'FINAL',
      statusDate: ago(500),
      cages: [C.brightwater.cage],
      scope: 'Enclave: Erie tooling design workstations',
      score: 110,
      affirmations: aff('brightwater', 500),
    },
    {
      uid: U.complianceChanged.uid,
      level: 'L2_SELF',
      status: 'FINAL',
      statusDate: ago(150),
      cages: [C.brightwater.cage],
      scope: 'Enclave: Brightwater quality-records system',
      score: 110,
      affirmations: aff('brightwater', 150),
      // The change itself is recorded by the DIBCAC account on seeding day (seeds/demo.ts).
    },
    // --- Northfield Cyber Solutions (subcontractor) ---
    {
      uid: U.conditionalForL1.uid,
      level: 'L2_SELF',
      status: 'CONDITIONAL',
      statusDate: ago(60),
      cages: [C.northfield.cage],
      scope: 'Enterprise: Northfield corporate network',
      score: level2Score(northfieldPoam),
      poam: northfieldPoam,
      affirmations: aff('northfield', 60),
    },
    {
      uid: U.conditionalExpired.uid,
      level: 'L2_C3PAO',
      status: 'CONDITIONAL',
      statusDate: ago(200),
      cages: [C.northfield.cage],
      scope: 'Enclave: Northfield SOC enclave',
      scopeDescription: 'Security operations center serving DoD customers',
      score: level2Score(socPoam),
      poam: socPoam,
      affirmations: aff('northfield', 200),
    },
    {
      uid: U.awaitingAffirmation.uid,
      level: 'L2_C3PAO',
      status: 'FINAL',
      statusDate: ago(20),
      cages: [C.northfield.cage],
      scope: 'Enclave: Northfield managed-services enclave',
      score: 110,
      affirmations: [],
    },
    // --- Hollis Fastener & Supply (Level 1 only) ---
    {
      uid: U.finalL1.uid,
      level: 'L1_SELF',
      status: 'FINAL',
      statusDate: ago(100),
      cages: [C.hollis.cage],
      scope: 'Enterprise: Hollis Fastener business network',
      affirmations: aff('hollis', 100),
    },
    {
      uid: U.finalL1Expired.uid,
      level: 'L1_SELF',
      status: 'FINAL',
      statusDate: ago(380),
      cages: [C.hollis.cage],
      scope: 'Enclave: Springfield warehouse systems',
      affirmations: aff('hollis', 380, 20),
    },
    // --- Aldermoor Optronics (foreign, NCAGE) ---
    {
      uid: U.expiresWithin.uid,
      level: 'L1_SELF',
      status: 'FINAL',
      statusDate: ago(330),
      cages: [C.aldermoor.cage],
      scope: 'Enterprise: Aldermoor Malvern office network',
      affirmations: aff('aldermoor', 330),
    },
    // --- Redstone Valley Composites (SAM inactive) ---
    {
      uid: U.closeoutFailed.uid,
      level: 'L2_C3PAO',
      status: 'CONDITIONAL',
      statusDate: ago(150),
      cages: [C.redstone.cage],
      scope: 'Enclave: Redstone composites engineering enclave',
      score: level2Score(redstonePoam),
      poam: redstonePoam,
      closeout: { date: ago(30), result: 'FAILED' },
      affirmations: aff('redstone', 150),
    },
    {
      uid: U.noCmmcStatus.uid,
      level: 'L2_SELF',
      status: 'NONE',
      statusDate: ago(90),
      cages: [C.redstone.cage],
      scope: 'Enterprise: Redstone corporate network',
      score: 71,
    },
  ];

  const nistAssessments: NonNullable<RawImport['nistAssessments']> = [
    {
      cages: [...DEMO_NIST.basicCurrent.cages],
      confidence: 'BASIC',
      assessmentDate: ago(200),
      score: 104,
      fullImplementationDate: ahead(160),
      assessingOrganization: 'Contractor self-assessment',
      planDescription: 'Keystone enterprise SSP v4.2',
    },
    {
      cages: [...DEMO_NIST.highCurrent.cages],
      confidence: 'HIGH',
      assessmentDate: ago(400),
      score: 110,
      fullImplementationDate: ago(400),
      assessingOrganization: 'DCMA DIBCAC',
      planDescription: 'Huntsville Engineering Center SSP v2.0',
    },
    {
      cages: [...DEMO_NIST.mediumCurrent.cages],
      confidence: 'MEDIUM',
      assessmentDate: ago(300),
      score: 98,
      fullImplementationDate: ahead(60),
      assessingOrganization: 'DCMA DIBCAC',
      planDescription: 'Brightwater SSP rev C',
    },
    {
      cages: [C.northfield.cage],
      confidence: 'BASIC',
      assessmentDate: ago(60),
      score: 95,
      fullImplementationDate: ahead(120),
      assessingOrganization: 'Contractor self-assessment',
      planDescription: 'Northfield corporate SSP 2.3',
    },
    {
      // 3 years and 1 day old: NIST_ASSESSMENT_EXPIRED for an officer (DFARS 204.7303(b)) and, as a
      // prime's subcontractor, SUB_NIST_ASSESSMENT_EXPIRED under 252.204-7012 (rules §7, issue 16).
      cages: [...DEMO_NIST.expired.cages],
      confidence: 'BASIC',
      assessmentDate: addDays(addYears(today, -3), -1),
      score: 61,
      fullImplementationDate: addDays(addYears(today, -2), -1),
      assessingOrganization: 'Contractor self-assessment',
      planDescription: 'Redstone SSP (2022 edition)',
    },
  ];

  return { companies, assessments, nistAssessments };
}

// ---- the CMMC eMASS feed (feeds.md): two finished runs applied from this fixture ----

/** The company the feed creates (its CAGE is held nowhere else in the demo). */
export const DEMO_EMASS_COMPANY = { cage: '8CRA5', name: 'Cobalt Ridge Avionics LLC', uei: 'CRAV8R5XK2M7' } as const;

/** The UIDs the demo's eMASS runs bring in, and the one record the second run quarantines. */
export const DEMO_EMASS = {
  added: { uid: 'EM4KX7Q2ZA', cage: DEMO_EMASS_COMPANY.cage, description: 'Final Level 2 (C3PAO) pulled from eMASS a week ago, for a company the feed created: awaiting affirmation (AFFIRMATION_MISSING)' },
  closedOut: { uid: 'EM9TB3C6WD', cage: DEMO_EMASS_COMPANY.cage, description: 'Conditional Level 2 (C3PAO) pulled a week ago; today eMASS reports it Final with the same status date: a POA&M closeout seen today' },
  heldCompany: { uid: 'EM2NFC8G5H', cage: DEMO_COMPANIES.northfield.cage, description: "Final Level 2 (C3PAO) of Northfield's cloud tenant, pulled a week ago: the feed never renames or moves a held company" },
  withdrawn: { uid: 'EM7WD5R3LY', cage: DEMO_EMASS_COMPANY.cage, description: 'Final Level 2 (C3PAO) pulled a week ago and deleted by eMASS since: RECORD_WITHDRAWN from today' },
  /** The published example UID has 9 characters: the second run quarantines it. */
  quarantined: { uid: 'L20000003' },
} as const;

/**
 * The records of the demo's two eMASS runs, as eMASS sends them (feeds.md §1): the first seen a
 * week before `today`, the second today (it re-reads the first's window, as the overlap does).
 */
export function demoEmassRuns(today: IsoDate, zone: string): { seenOn: IsoDate; records: Record<string, unknown>[] }[] {
  const ago = (days: number) => addDays(today, -days);
  // Midday in the rules' zone, so the date eMASS means is the date read back.
  const seconds = (date: IsoDate) => secondsAtStartOf(date, zone) + 12 * 3600;
  const E = DEMO_EMASS;
  const cobalt = { hqOrganizationName: DEMO_EMASS_COMPANY.name, oscName: DEMO_EMASS_COMPANY.name, uei: DEMO_EMASS_COMPANY.uei, highestLevelOwnerCageCode: DEMO_EMASS_COMPANY.cage, cageCodesInScope: DEMO_EMASS_COMPANY.cage, numberOfEmployees: 85 };
  const record = (operation: string, uid: string, over: Record<string, unknown>) => ({
    operation,
    ...cobalt,
    scope: 'Enterprise',
    scopeDescription: 'Corporate network and engineering systems',
    assessmentStandard: 'NIST SP 800-171 Revision 2',
    assessmentId: `6c1f4e2a-0d3b-4a5e-9f71-${uid.toLowerCase().padStart(12, '0')}`,
    cmmcUid: uid,
    overallScore: 110,
    cmmcStatus: 'Final Level 2 (C3PAO)',
    cmmcStatusExpirationDate: null,
    ...over,
  });
  const added = record('ADDED', E.added.uid, { cmmcStatusDate: seconds(ago(45)), cmmcStatusExpirationDate: seconds(addYears(ago(45), 3)) });
  const conditional = { scope: 'Enclave', scopeDescription: 'Flight-test data enclave', cmmcStatusDate: seconds(ago(40)) };
  const withdrawn = { scope: 'Enclave', scopeDescription: 'Avionics integration lab', cmmcStatusDate: seconds(ago(20)) };
  return [
    {
      seenOn: ago(7),
      records: [
        added,
        record('ADDED', E.closedOut.uid, { ...conditional, cmmcStatus: 'Conditional Level 2 (C3PAO)', overallScore: 96 }),
        record('ADDED', E.heldCompany.uid, {
          hqOrganizationName: 'Northfield Cyber (as eMASS spells it)',
          oscName: 'Northfield Cyber Solutions',
          uei: null,
          highestLevelOwnerCageCode: DEMO_COMPANIES.northfield.cage,
          cageCodesInScope: DEMO_COMPANIES.northfield.cage,
          scope: 'Enclave',
          scopeDescription: 'Northfield GCC High tenant',
          cmmcStatusDate: seconds(ago(10)),
        }),
        record('ADDED', E.withdrawn.uid, withdrawn),
      ],
    },
    {
      seenOn: today,
      records: [
        added,
        record('UPDATED', E.closedOut.uid, conditional),
        { operation: 'DELETED', cmmcUid: E.withdrawn.uid },
        record('ADDED', E.quarantined.uid, { scope: 'Enclave', scopeDescription: 'Machine shop', cmmcStatusDate: seconds(ago(3)) }),
      ],
    },
  ];
}
