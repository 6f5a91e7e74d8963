/**
 * The contractor workspace's own records: self-assessment drafts (answers kept between sittings,
 * never a posting until submitted) and the company's Affirming Officials (32 CFR 170.22), so a
 * re-affirmation is one click with a named official.
 */
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { keyOf, officialContact, oneOf, serialId } from './columns.js';
import { byUser, companies, created } from './core.js';
import { LEVELS } from '../../src/domain/levels.js';

/**
 * A draft is not an SPRS record: it has no UID and no status date, and submitting it posts through
 * the same service as the API (records.postAssessment), after which the draft is deleted.
 */
export const assessmentDrafts = sqliteTable(
  'assessment_drafts',
  {
    id: serialId(),
    hloCage: keyOf(() => companies.cage),
    level: text({ enum: LEVELS }).notNull(),
    scope: text().notNull(),
    scopeDescription: text(),
    cagesJson: text().notNull(),
    /** `{ "<requirement id>": "MET" | "NOT_MET" | "NOT_APPLICABLE" | "PARTIAL" }`, answered ones only. */
    answersJson: text().notNull(),
    updatedAt: text().notNull(),
    updatedBy: byUser(),
  },
  (t) => [
    index('assessment_drafts_company_idx').on(t.hloCage, t.updatedAt),
    check('assessment_drafts_level', oneOf('level', LEVELS)),
  ],
);

/** People who may affirm for the company; removing one keeps the row (affirmations name them). */
export const affirmingOfficials = sqliteTable(
  'affirming_officials',
  {
    id: serialId(),
    hloCage: keyOf(() => companies.cage),
    ...officialContact(),
    ...created(),
    removedAt: text(),
  },
  (t) => [index('affirming_officials_company_idx').on(t.hloCage)],
);

export type AssessmentDraftRow = typeof assessmentDrafts.$inferSelect;
export type AffirmingOfficialRow = typeof affirmingOfficials.$inferSelect;
