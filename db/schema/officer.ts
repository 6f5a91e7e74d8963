/**
 * The contracting officer's workspace (rules §5, §8; DFARS 204.7503, 204.7504, 217.207):
 * solicitations with the inputs of the applicability decision, offers with the UIDs they listed,
 * contracts created from recorded award verifications, their option periods and UIDs.
 *
 * Recorded verifications themselves live in the foundation's append-only `verifications` table.
 * Which offer or contract (and which option period) a verification was recorded for is kept here,
 * in link tables that are append-only too (triggers in the migration refuse UPDATE and DELETE), so
 * the contract file can never be re-pointed at another verification.
 * @see ../../src/services/contracts.ts
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { dateCheck, idOf, keyOf, oneOf, serialId } from './columns.js';
import { users, verifications } from './core.js';
import { INFORMATION, LEVELS } from '../../src/domain/levels.js';

/** DFARS 204.7503 applies to contracts, task orders and delivery orders alike. */
export const ACTION_TYPES = ['CONTRACT', 'TASK_ORDER', 'DELIVERY_ORDER'] as const;


/** Officers' working records: who created them, when, and when they last changed. */
const officerWrites = () => ({ createdBy: idOf(() => users.id), createdAt: text().notNull(), updatedAt: text().notNull() });

export const solicitations = sqliteTable(
  'solicitations',
  {
    id: serialId(),
    /** Trimmed and upper-cased; unique. */
    number: text().notNull(),
    title: text().notNull(),
    issueDate: text().notNull(),
    actionType: text({ enum: ACTION_TYPES }).notNull(),
    // Inputs of the DFARS 204.7504 decision; the decision itself is recomputed (it is pure).
    cotsOnly: integer({ mode: 'boolean' }).notNull().default(false),
    waiver: integer({ mode: 'boolean' }).notNull().default(false),
    programOfficeLevel: text({ enum: LEVELS }),
    information: text({ enum: INFORMATION }).notNull(),
    /** DFARS 252.204-7012 included: NIST SP 800-171 DoD Assessment checks (204.7303(b)). */
    nistApplies: integer({ mode: 'boolean' }).notNull().default(false),
    /** A lesser maximum age (days) for the NIST assessment, when the solicitation sets one. */
    nistMaxAgeDays: integer(),
    /** Default look-ahead date for offer checks (EXPIRES_WITHIN). */
    plannedAwardDate: text(),
    ...officerWrites(),
  },
  (t) => [
    uniqueIndex('solicitations_number_idx').on(t.number),
    check('solicitations_issue_date', dateCheck('issue_date')),
    check('solicitations_action_type', oneOf('action_type', ACTION_TYPES)),
    check('solicitations_nist_max_age', sql`nist_max_age_days IS NULL OR nist_max_age_days > 0`),
  ],
);

export const offers = sqliteTable(
  'offers',
  {
    id: serialId(),
    solicitationId: idOf(() => solicitations.id),
    offerorName: text().notNull(),
    cage: text().notNull(),
    uei: text().notNull(),
    ...officerWrites(),
  },
  (t) => [index('offers_solicitation_idx').on(t.solicitationId)],
);

/** The UIDs an offer listed, in the offeror's order, as typed (normalised); duplicates kept so the check can report them. */
export const offerUids = sqliteTable(
  'offer_uids',
  {
    offerId: idOf(() => offers.id),
    position: integer().notNull(),
    uid: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.position] })],
);

/** Award verifications recorded from an offer (append-only). */
export const offerVerifications = sqliteTable(
  'offer_verifications',
  {
    verificationId: text().primaryKey().references(() => verifications.id),
    offerId: idOf(() => offers.id),
  },
  (t) => [index('offer_verifications_offer_idx').on(t.offerId)],
);

export const contracts = sqliteTable(
  'contracts',
  {
    id: serialId(),
    number: text().notNull(),
    solicitationId: idOf(() => solicitations.id),
    offerId: idOf(() => offers.id),
    /** The eligible award verification the contract was created from (DFARS 204.7503(b)). */
    awardVerificationId: keyOf(() => verifications.id),
    contractorName: text().notNull(),
    cage: text().notNull(),
    uei: text().notNull(),
    requiredLevel: text({ enum: LEVELS }).notNull(),
    nistApplies: integer({ mode: 'boolean' }).notNull().default(false),
    nistMaxAgeDays: integer(),
    awardDate: text().notNull(),
    /** End of the base period of performance. */
    basePeriodEnd: text().notNull(),
    createdBy: idOf(() => users.id),
    createdAt: text().notNull(),
  },
  (t) => [
    uniqueIndex('contracts_number_idx').on(t.number),
    uniqueIndex('contracts_award_idx').on(t.awardVerificationId),
    check('contracts_award_date', dateCheck('award_date')),
    check('contracts_base_end', dateCheck('base_period_end')),
  ],
);

export const optionPeriods = sqliteTable(
  'option_periods',
  {
    id: serialId(),
    contractId: idOf(() => contracts.id),
    label: text().notNull(),
    startDate: text().notNull(),
    endDate: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [
    index('option_periods_contract_idx').on(t.contractId, t.startDate),
    check('option_periods_start', dateCheck('start_date')),
    check('option_periods_end', dateCheck('end_date')),
    check('option_periods_order', sql`end_date >= start_date`),
  ],
);

/** The UIDs a contract relies on: the awarded offer's, plus UIDs added during performance (204.7503(d)). */
export const contractUids = sqliteTable(
  'contract_uids',
  {
    contractId: idOf(() => contracts.id),
    uid: text().notNull(),
    source: text({ enum: ['AWARD', 'NEW_UID'] }).notNull(),
    addedOn: text().notNull(),
    verificationId: keyOf(() => verifications.id),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.uid] })],
);

/** Option, extension and new-UID verifications recorded for a contract (append-only). */
export const contractVerifications = sqliteTable(
  'contract_verifications',
  {
    verificationId: text().primaryKey().references(() => verifications.id),
    contractId: idOf(() => contracts.id),
    purpose: text({ enum: ['OPTION', 'EXTENSION', 'NEW_UID'] }).notNull(),
    optionPeriodId: integer().references(() => optionPeriods.id),
    /** For an extension: the new end of the period of performance. */
    extendedTo: text(),
  },
  (t) => [index('contract_verifications_contract_idx').on(t.contractId)],
);
