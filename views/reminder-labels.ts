/**
 * Words the reminder pages show for the reminder kinds and the outbox's delivery states (issue 11).
 * Keyed by the domain's and the service's types, so a new kind or state asks for its label here.
 */
import type { ReminderKind } from '../src/domain/reminders.js';

export const REMINDER_KIND_LABEL: Record<ReminderKind, string> = {
  AFFIRMATION_DUE: 'Affirmation due',
  AFFIRMATION_OVERDUE: 'Affirmation overdue',
  POAM_CLOSEOUT_DUE: 'POA&M closeout due',
  STATUS_EXPIRING: 'CMMC status expiring',
  OPTION_AT_RISK: 'Option at risk',
  FLOWDOWN_RECHECK: 'Flowdown re-check due',
};

/** When each kind goes out and about what; `days` are the domain's reminder days of the kind. */
export const REMINDER_KIND_WHEN: Record<ReminderKind, (days: readonly number[]) => string> = {
  AFFIRMATION_DUE: (d) => `${daysList(d)} before the latest affirmation of a current UID of your company turns one year.`,
  AFFIRMATION_OVERDUE: (d) => `The day after an affirmation lapsed, then every ${d[0]} days while the UID stays unaffirmed.`,
  POAM_CLOSEOUT_DUE: (d) => `${daysList(d)} before day 180 of a Conditional status (your company's, or one you assess).`,
  STATUS_EXPIRING: (d) => `${daysList(d)} before a Final status of your company reaches its age limit.`,
  OPTION_AT_RISK: (d) => `Every ${d[0]} days while a contract whose verifications you recorded has a UID that will not be current on its next option date.`,
  FLOWDOWN_RECHECK: (d) => `${daysList(d)} before the evidence of a flowdown check you recorded stops being current.`,
};

/** Why a kind cannot be switched off (both end a status for good). */
export const MANDATORY_KIND_WHY: Partial<Record<ReminderKind, string>> = {
  AFFIRMATION_OVERDUE: 'Always on: until it is affirmed again, the UID is not current, and no award, option or extension can rely on it (32 CFR 170.22).',
  POAM_CLOSEOUT_DUE: 'Always on: without a successful closeout by day 180, the Conditional status ends (32 CFR 170.21(b)).',
};

/** Where a reminder e-mail is: waiting (to be sent, or for a relay), sent, or refused for good. */
export type DeliveryState = 'PENDING' | 'SENT' | 'FAILED';
export const OUTBOX_STATE_LABEL: Record<DeliveryState, string> = { PENDING: 'Waiting', SENT: 'Sent', FAILED: 'Failed' };

function daysList(days: readonly number[]): string {
  const s = days.map(String);
  const joined = s.length > 1 ? `${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}` : s.join('');
  return `${joined} days`;
}
