/**
 * The SPRS data model: companies and their CAGE hierarchy, people and credentials, assessment
 * scopes, CMMC assessments (one row per UID) with their results, POA&M items, affirmations,
 * compliance changes and closeouts, NIST SP 800-171 DoD Assessments, recorded verifications and
 * the audit log. Dates of rules are `YYYY-MM-DD` text; instants are ISO-8601 UTC text.
 * Shape rules are repeated as CHECK constraints so a bad row cannot arrive by any path.
 * @see ../../README.md#data-model
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { cageCheck, dateCheck, hashChain, idOf, keyOf, officialContact, oneOf, requiredText, serialId } from './columns.js';

// The enums are the domain's own (one definition); the CHECK constraints repeat them in SQL.
import { LEVELS, NIST_CONFIDENCES, REQUIREMENT_RESULTS, ROLES, STATUS_TYPES } from '../../src/domain/levels.js';
import { SECOND_FACTORS } from '../../src/domain/sign-in.js';

export const companies = sqliteTable(
  'companies',
  {
    cage: text().primaryKey(),
    /** Highest Level Owner: the company a CAGE belongs to. An HLO points at itself. */
    hloCage: text().notNull(),
    name: text().notNull(),
    uei: text(),
    samActive: integer({ mode: 'boolean' }).notNull().default(true),
    address: text(),
    updatedAt: text().notNull(),
    /** The eMASS sync run that created this company from a record (feeds.md §2); null otherwise. */
    createdByEmassRun: integer(),
  },
  (t) => [
    index('companies_hlo_idx').on(t.hloCage),
    check('companies_cage_shape', cageCheck('cage')),
    check('companies_hlo_shape', cageCheck('hlo_cage')),
    check('companies_uei_shape', sql`uei IS NULL OR (length(uei) = 12 AND uei NOT GLOB '*[^A-Z0-9]*')`),
  ],
);

export const users = sqliteTable(
  'users',
  {
    id: serialId(),
    email: text().notNull(),
    name: text(),
    role: text({ enum: ROLES }).notNull(),
    /** For contractors: the CAGE given at creation; its HLO is the company the user acts for. */
    companyCage: text().references(() => companies.cage),
    /** scrypt (memory-hard) hash, `scrypt$N$r$p$salt$hash`; null = API-only account. */
    passwordHash: text(),
    disabled: integer({ mode: 'boolean' }).notNull().default(false),
    /** Set by an administrator's password reset: the next sign-in must choose a new password first. */
    mustChangePassword: integer({ mode: 'boolean' }).notNull().default(false),
    /** A seeded demo account (published password): the demo banner shows while one is enabled. */
    demo: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: text().notNull(),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(t.email),
    index('users_demo_idx').on(t.demo).where(sql`demo = 1`),
    check('users_role', oneOf('role', ROLES)),
    check('users_contractor_company', sql`role <> 'CONTRACTOR' OR company_cage IS NOT NULL`),
  ],
);

/** The user who made or changed a row; null where no account did (seeds, imports, the eMASS feed). */
export const byUser = () => integer().references(() => users.id);

/** Who created a row (null where no account did) and when. */
export const created = () => ({ createdBy: byUser(), createdAt: text().notNull() });

/** Who recorded a fact about a UID (null for imported history) and when it was written. */
export const recorded = () => ({ recordedBy: byUser(), createdAt: text().notNull() });

/**
 * The signature of an append-only act: the account, its e-mail as it was then (the record reads the
 * same after the account changes) and the instant, as `<act>By`, `<act>ByEmail`, `<act>At`.
 */
export const signedBy = <A extends string>(act: A) =>
  ({ [`${act}By`]: idOf(() => users.id), [`${act}ByEmail`]: requiredText(), [`${act}At`]: requiredText() }) as {
    [K in `${A}By`]: ReturnType<typeof idOf>;
  } & { [K in `${A}ByEmail` | `${A}At`]: ReturnType<typeof requiredText> };

/** API tokens are random 256-bit secrets; only their SHA-256 is stored. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: serialId(),
    userId: idOf(() => users.id),
    tokenHash: text().notNull(),
    label: text(),
    createdAt: text().notNull(),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash)],
);

/** Browser sessions: the cookie carries a random id; the table keeps its SHA-256. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text().primaryKey(),
    userId: idOf(() => users.id),
    csrfToken: text().notNull(),
    /**
     * How the sign-in was completed beyond the password (PASSKEY, TOTP, RECOVERY_CODE, or DEMO for a
     * demo account in demo mode); null = password only. A role that needs a second factor gets no
     * actor from a session without one (src/services/sessions.ts).
     */
    secondFactor: text({ enum: SECOND_FACTORS }),
    createdAt: text().notNull(),
    expiresAt: text().notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** An engagement lets a C3PAO user post Level 2 (C3PAO) results for a company (32 CFR 170.17). */
export const engagements = sqliteTable(
  'engagements',
  {
    id: serialId(),
    companyHloCage: keyOf(() => companies.cage),
    assessorUserId: idOf(() => users.id),
    ...created(),
  },
  (t) => [uniqueIndex('engagements_pair_idx').on(t.companyHloCage, t.assessorUserId)],
);

/** A scope is identified by its company (HLO) and its name, trimmed and case-insensitive (rules §1). */
export const scopes = sqliteTable(
  'scopes',
  {
    id: serialId(),
    hloCage: keyOf(() => companies.cage),
    name: text().notNull(),
    nameKey: text().notNull(),
    description: text(),
    createdAt: text().notNull(),
  },
  (t) => [uniqueIndex('scopes_company_name_idx').on(t.hloCage, t.nameKey)],
);

/** One row per CMMC UID. `postedType` is the status as posted; a closeout changes what it means. */
export const assessments = sqliteTable(
  'assessments',
  {
    uid: text().primaryKey(),
    hloCage: keyOf(() => companies.cage),
    scopeId: idOf(() => scopes.id),
    level: text({ enum: LEVELS }).notNull(),
    /** Level family for supersession (rules §3.5): L1, L2 (Self or C3PAO), L3. */
    family: text({ enum: ['L1', 'L2', 'L3'] }).notNull(),
    postedType: text({ enum: STATUS_TYPES }).notNull(),
    statusDate: text().notNull(),
    score: integer(),
    /** Denormalised copy of assessment_cages, so a check reads one row per UID. */
    cagesJson: text().notNull(),
    source: text({ enum: ['IMPORT', 'POSTING', 'EMASS'] }).notNull(),
    postedBy: byUser(),
    /** UID named as replaced by this one (may be a UID not held here). */
    supersedesUid: text(),
    supersededByUid: text(),
    supersededOn: text(),
    /** The day a sync saw eMASS delete the record (RECORD_WITHDRAWN, rules §3.7); the row is kept. */
    withdrawnOn: text(),
    /**
     * The eMASS sync run that added this UID (source EMASS): its first feed event, kept on the row
     * rather than as an emass_history row because an initial run adds 100,000 of them.
     */
    addedByEmassRun: integer(),
    seq: integer().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [
    index('assessments_scope_idx').on(t.scopeId, t.family, t.statusDate),
    index('assessments_hlo_idx').on(t.hloCage),
    index('assessments_supersedes_idx').on(t.supersedesUid),
    /** Imports and postings read max(seq) in their write transaction; without it, a full scan (bench/). */
    index('assessments_seq_idx').on(t.seq),
    check('assessments_uid_shape', sql`length(uid) = 10 AND uid NOT GLOB '*[^A-Z0-9]*'`),
    check('assessments_level', oneOf('level', LEVELS)),
    check('assessments_type', oneOf('posted_type', STATUS_TYPES)),
    check('assessments_l1_not_conditional', sql`NOT (level = 'L1_SELF' AND posted_type = 'CONDITIONAL')`),
    check('assessments_status_date', dateCheck('status_date')),
    check('assessments_score_range', sql`score IS NULL OR (score BETWEEN -203 AND 110)`),
  ],
);

export const assessmentCages = sqliteTable(
  'assessment_cages',
  {
    assessmentUid: keyOf(() => assessments.uid),
    cage: keyOf(() => companies.cage),
  },
  (t) => [primaryKey({ columns: [t.assessmentUid, t.cage] }), index('assessment_cages_cage_idx').on(t.cage)],
);

export const requirementResults = sqliteTable(
  'requirement_results',
  {
    assessmentUid: keyOf(() => assessments.uid),
    requirementId: text().notNull(),
    result: text({ enum: REQUIREMENT_RESULTS }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentUid, t.requirementId] }),
    check('requirement_results_result', oneOf('result', REQUIREMENT_RESULTS)),
  ],
);

export const poamItems = sqliteTable(
  'poam_items',
  {
    assessmentUid: keyOf(() => assessments.uid),
    requirementId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentUid, t.requirementId] })],
);

export const affirmations = sqliteTable(
  'affirmations',
  {
    id: serialId(),
    assessmentUid: keyOf(() => assessments.uid),
    date: text().notNull(),
    ...officialContact(),
    statement: text().notNull(),
    ...recorded(),
  },
  (t) => [index('affirmations_uid_idx').on(t.assessmentUid, t.date), check('affirmations_date', dateCheck('date'))],
);

export const complianceChanges = sqliteTable(
  'compliance_changes',
  {
    id: serialId(),
    assessmentUid: keyOf(() => assessments.uid),
    date: text().notNull(),
    description: text().notNull(),
    ...recorded(),
  },
  (t) => [index('compliance_changes_uid_idx').on(t.assessmentUid), check('compliance_changes_date', dateCheck('date'))],
);

/** 32 CFR 170.21(b): a POA&M closeout happens once per assessment (unique index). */
export const closeouts = sqliteTable(
  'closeouts',
  {
    id: serialId(),
    assessmentUid: keyOf(() => assessments.uid),
    date: text().notNull(),
    result: text({ enum: ['SUCCESS', 'FAILED'] }).notNull(),
    resultsJson: text(),
    ...recorded(),
  },
  (t) => [
    uniqueIndex('closeouts_uid_idx').on(t.assessmentUid),
    check('closeouts_result', sql`result IN ('SUCCESS','FAILED')`),
    check('closeouts_date', dateCheck('date')),
  ],
);

/**
 * The key dates of each UID's status timeline (src/domain/timeline.ts), so a check for today reads
 * one row per UID. Kept by triggers (migration check_timeline_triggers) in the transaction of every
 * write to assessments, affirmations, compliance_changes and closeouts, whatever wrote it.
 */
export const checkTimeline = sqliteTable('check_timeline', {
  uid: text().primaryKey(),
  /** The latest date in the UID's history: checks dated before it read the full history. */
  settledFrom: text().notNull(),
  latestAffirmation: text(),
  /** The earliest compliance change dated on or after the status date. */
  changeDate: text(),
  changeDescription: text(),
  /** The earliest replacement (rules §3.5). */
  replacedByUid: text(),
  replacedOn: text(),
  closeoutDate: text(),
  closeoutResult: text({ enum: ['SUCCESS', 'FAILED'] }),
});

/** NIST SP 800-171 DoD Assessment summary scores (DFARS 252.204-7019/7020). */
export const nistAssessments = sqliteTable(
  'nist_assessments',
  {
    id: serialId(),
    hloCage: keyOf(() => companies.cage),
    standard: text().notNull(),
    assessingOrganization: text().notNull(),
    planDescription: text(),
    assessmentDate: text().notNull(),
    score: integer().notNull(),
    fullImplementationDate: text(),
    confidence: text({ enum: NIST_CONFIDENCES }).notNull(),
    cagesJson: text().notNull(),
    postedBy: byUser(),
    createdAt: text().notNull(),
  },
  (t) => [
    check('nist_score_range', sql`score BETWEEN -203 AND 110`),
    check('nist_confidence', oneOf('confidence', NIST_CONFIDENCES)),
    check('nist_date', dateCheck('assessment_date')),
  ],
);

export const nistAssessmentCages = sqliteTable(
  'nist_assessment_cages',
  {
    nistAssessmentId: idOf(() => nistAssessments.id),
    cage: keyOf(() => companies.cage),
    assessmentDate: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.nistAssessmentId, t.cage] }), index('nist_cages_cage_idx').on(t.cage, t.assessmentDate)],
);

/**
 * Recorded verifications are append-only (DFARS 204.7503 contract-file record): triggers in the
 * migration refuse UPDATE and DELETE, and each row chains the hash of the one before it.
 */
export const verifications = sqliteTable(
  'verifications',
  {
    id: text().primaryKey(),
    seq: integer().notNull(),
    purpose: text({ enum: ['AWARD', 'OPTION', 'EXTENSION', 'NEW_UID'] }).notNull(),
    contractNumber: text(),
    solicitationNumber: text(),
    asOf: text().notNull(),
    requiredLevel: text({ enum: LEVELS }).notNull(),
    eligible: integer({ mode: 'boolean' }).notNull(),
    requestJson: text().notNull(),
    answerJson: text().notNull(),
    snapshotJson: text().notNull(),
    ...signedBy('recorded'),
    ...hashChain(),
  },
  (t) => [uniqueIndex('verifications_seq_idx').on(t.seq), index('verifications_contract_idx').on(t.contractNumber, t.seq)],
);

/** Every write, with who and when; hash-chained like verifications. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: serialId(),
    at: text().notNull(),
    userId: integer(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    detailJson: text(),
    ...hashChain(),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId)],
);

export type Company = typeof companies.$inferSelect;
export type User = typeof users.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type AffirmationRow = typeof affirmations.$inferSelect;
export type NistAssessmentRow = typeof nistAssessments.$inferSelect;
export type VerificationRow = typeof verifications.$inferSelect;
