/**
 * The regulatory calendar (effective dates, phases, validity periods, thresholds, citations), loaded
 * from data/regulatory-calendar.json and checked by a zod schema when the module loads: a malformed
 * data file stops the product at start-up with the field that is wrong, never a verdict computed
 * from `undefined`. Nothing here re-types a date, period or citation.
 */
import { z } from 'zod';
import raw from '../data/regulatory-calendar.json' with { type: 'json' };
import { isValidDate } from './dates.js';
import { LEVELS } from './levels.js';

const date = z.string().refine(isValidDate, 'must be a calendar date written YYYY-MM-DD');
const text = z.string().trim().min(1, 'must not be empty');
const levels = z.array(z.enum(LEVELS));

const PhaseSchema = z.object({
  phase: z.number().int().positive(),
  start: date,
  atAward: levels,
  discretionAtAward: levels,
  atOption: levels,
  discretionAtOption: levels,
  citation: text,
});

/** Rules §2: a period is a number of days or of calendar years, never both. */
const PeriodSchema = z
  .object({ days: z.number().int().positive().optional(), years: z.number().int().positive().optional(), citation: text })
  .refine((p) => (p.days === undefined) !== (p.years === undefined), 'must give either days or years');

const CalendarSchema = z.object({
  _about: z.string().optional(),
  dfarsCmmcRuleEffective: date,
  clausePrescription: z
    .array(z.object({ from: date, to: date.nullable(), appliesWhen: z.enum(['PROGRAM_OFFICE_REQUIRES_LEVEL', 'FCI_OR_CUI_ON_CONTRACTOR_SYSTEMS']), citation: text }))
    .min(1, 'must list at least one clause prescription'),
  phases: z.array(PhaseSchema).min(1, 'must list at least one phase'),
  validity: z.object({
    CONDITIONAL: PeriodSchema,
    FINAL_L1_SELF: PeriodSchema,
    FINAL_L2: PeriodSchema,
    FINAL_L3: PeriodSchema,
    AFFIRMATION: PeriodSchema,
    NIST_800_171_DOD_ASSESSMENT: PeriodSchema,
  }),
  thresholds: z.object({
    L2_CONDITIONAL_MIN_SCORE: z.number().int(),
    L2_MAX_SCORE: z.number().int(),
    L2_MIN_SCORE: z.number().int(),
    L3_CONDITIONAL_MIN_MET: z.number().int(),
    L3_REQUIREMENTS: z.number().int().positive(),
  }),
  citations: z.record(z.string(), text),
});

export type Phase = z.infer<typeof PhaseSchema>;
export type Period = z.infer<typeof PeriodSchema>;
export type Calendar = z.infer<typeof CalendarSchema>;

/** The calendar from its JSON, or an error naming the data file and every field that is wrong. */
export function parseCalendar(data: unknown, source = 'src/data/regulatory-calendar.json'): Calendar {
  const parsed = CalendarSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(the file)'}: ${i.message}`);
  throw new Error(`The regulatory calendar ${source} is malformed: ${problems.join('; ')}`);
}

export const calendar: Calendar = parseCalendar(raw);

export function citation(key: string): string {
  const c = calendar.citations[key];
  if (!c) throw new Error(`no citation for ${key} in the regulatory calendar`);
  return c;
}
