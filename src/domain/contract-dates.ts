/**
 * Sanity of a contract's dates (issue 10): the base period ends after the award date, and the option
 * periods follow it, each within itself in order (start ≤ end), after the base period, and after the
 * option listed before it, so no two overlap.
 */
import type { FieldError } from './results.js';

export interface ContractDates {
  awardDate: string;
  basePeriodEnd: string;
  optionPeriods: { label: string; startDate: string; endDate: string }[];
}

export function contractDateErrors(c: ContractDates, prefix = 'optionPeriods.'): FieldError[] {
  const errors: FieldError[] = [];
  if (c.basePeriodEnd <= c.awardDate) errors.push({ path: 'basePeriodEnd', message: `The base period end must be after the award date (${c.awardDate})` });
  c.optionPeriods.forEach((p, i) => {
    const path = `${prefix}${i}.startDate`;
    if (p.endDate < p.startDate) errors.push({ path: `${prefix}${i}.endDate`, message: `${p.label}: the end date is before the start date` });
    if (p.startDate <= c.basePeriodEnd) errors.push({ path, message: `${p.label}: an option period starts after the base period ends (${c.basePeriodEnd})` });
    const before = c.optionPeriods[i - 1];
    if (before && p.startDate <= before.endDate) errors.push({ path, message: `${p.label}: starts after ${before.label} ends (${before.endDate}); list option periods in order without overlaps` });
  });
  return errors;
}
