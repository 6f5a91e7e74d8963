/**
 * What a reminder says, in the inbox and by e-mail (plain text and HTML), and where it links: the
 * page on which the recipient acts. Messages carry no CUI: UIDs, dates, company names, and for an
 * officer the contract and option, nothing from an assessment's content.
 */
import { addDays, type IsoDate } from '../../domain/dates.js';
import type { ReminderKind } from '../../domain/reminders.js';
import { linkTo, type ReminderSettings } from './settings.js';

/** Facts beside the subject that some kinds show (stored with the notification as JSON). */
export interface ReminderDetail {
  contractId?: number;
  contractNumber?: string;
  contractorName?: string;
  optionLabel?: string;
  /** UIDs of the contract that will not be current on the option date. */
  uids?: string[];
  primeContractNumber?: string;
  subName?: string;
  subCage?: string;
}

export interface ReminderFacts {
  kind: ReminderKind;
  subject: string;
  deadline: IsoDate;
  daysBefore: number;
  companyName: string | null;
  detail: ReminderDetail;
}

/** Who reads it decides where the link goes: a C3PAO closes out from its workspace, not the company's. */
export type Audience = 'COMPANY' | 'ASSESSOR' | 'OFFICER';

export interface RenderedReminder {
  /** The inbox line and the e-mail subject. */
  title: string;
  /** The calendar event's title: the deadline itself, whenever it is read. */
  deadlineTitle: string;
  /** Path of the page where the recipient acts. */
  path: string;
  /** The same page, absolute. */
  url: string;
  /** What happens and what to do, with the link (the calendar event's description). */
  body: string;
  /** The e-mail's plain text: the body and a footer. */
  text: string;
  html: string;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Wording {
  title: string;
  deadlineTitle: string;
  path: string;
  paragraphs: string[];
  action: string;
}

function wording(f: ReminderFacts, audience: Audience): Wording {
  const company = f.companyName ?? 'your company';
  const after = addDays(f.deadline, 1);
  switch (f.kind) {
    case 'AFFIRMATION_DUE':
      return {
        title: `Affirmation due in ${days(f.daysBefore)}: UID ${f.subject} (${company})`,
        deadlineTitle: `Last day of the affirmation of UID ${f.subject} (${company})`,
        path: '/company/affirmations',
        paragraphs: [
          `The latest affirmation of continuous compliance for CMMC UID ${f.subject} (${company}) is current through ${f.deadline}.`,
          `Unless the Affirming Official affirms again by then (32 CFR 170.22), the UID is not current from ${after}, and no award, option or extension can rely on it (DFARS 204.7503).`,
        ],
        action: 'Re-affirm',
      };
    case 'AFFIRMATION_OVERDUE':
      return {
        title: `Affirmation overdue: UID ${f.subject} (${company}) is not current`,
        deadlineTitle: `Affirmation of UID ${f.subject} (${company}) lapsed`,
        path: '/company/affirmations',
        paragraphs: [
          `The latest affirmation of continuous compliance for CMMC UID ${f.subject} (${company}) was current through ${f.deadline}; the UID has not been current since ${after}.`,
          'An affirmation by the Affirming Official makes it current again (32 CFR 170.22). Until then no award, option or extension can rely on it (DFARS 204.7503).',
        ],
        action: 'Affirm now',
      };
    case 'POAM_CLOSEOUT_DUE':
      return {
        title: `POA&M closeout due in ${days(f.daysBefore)}: UID ${f.subject} (${company})`,
        deadlineTitle: `Last day for the POA&M closeout of UID ${f.subject} (${company})`,
        path: audience === 'ASSESSOR' ? '/assessor' : '/company/poam',
        paragraphs: [
          `The Conditional status of CMMC UID ${f.subject} (${company}) is current through ${f.deadline}, day 180 of its POA&M (32 CFR 170.21(b)).`,
          `Without a successful POA&M closeout by then, the status ends on ${after}.`,
        ],
        action: audience === 'ASSESSOR' ? 'Open the assessor workspace' : 'See the POA&M deadlines',
      };
    case 'STATUS_EXPIRING':
      return {
        title: `CMMC status expires in ${days(f.daysBefore)}: UID ${f.subject} (${company})`,
        deadlineTitle: `Last day of the CMMC status of UID ${f.subject} (${company})`,
        path: `/company/uids/${f.subject}`,
        paragraphs: [
          `The CMMC status of UID ${f.subject} (${company}) reaches its age limit on ${f.deadline} and is not current from ${after} (rules §3.2).`,
          'Plan the next assessment so that a new status is posted before then.',
        ],
        action: 'See the UID',
      };
    case 'OPTION_AT_RISK': {
      const d = f.detail;
      const uids = d.uids?.length ? d.uids.join(', ') : 'a UID';
      return {
        title: `Option at risk: contract ${d.contractNumber ?? f.subject} (${d.contractorName ?? 'contractor'})`,
        deadlineTitle: `${d.optionLabel ?? 'Option'} of contract ${d.contractNumber ?? f.subject}: UID ${uids} not current`,
        path: '/officer/watch',
        paragraphs: [
          `${d.optionLabel ?? 'The next option'} of contract ${d.contractNumber ?? f.subject} (${d.contractorName ?? 'contractor'}) starts on ${f.deadline}.`,
          `UID ${uids} will not be current on that date. An option cannot be exercised without a current CMMC status for every UID (DFARS 204.7503(c)); ask the contractor for an updated status or UID list.`,
        ],
        action: 'Open the watch list',
      };
    }
    case 'FLOWDOWN_RECHECK': {
      const d = f.detail;
      return {
        title: `Flowdown re-check due in ${days(f.daysBefore)}: ${d.subName ?? 'subcontractor'} on ${d.primeContractNumber ?? 'your contract'}`,
        deadlineTitle: `Last day of the flowdown evidence of ${d.subName ?? 'subcontractor'} on ${d.primeContractNumber ?? 'your contract'}`,
        path: '/flowdown/recheck',
        paragraphs: [
          `The evidence of your recorded flowdown check of ${d.subName ?? 'the subcontractor'} (CAGE ${d.subCage ?? '?'}) on prime contract ${d.primeContractNumber ?? '?'} is current through ${f.deadline}.`,
          'Ask the subcontractor for current evidence, such as a new signed status attestation, and record a new check (32 CFR 170.23).',
        ],
        action: 'Open the re-check list',
      };
    }
  }
}

export function renderReminder(f: ReminderFacts, audience: Audience, settings: Pick<ReminderSettings, 'publicUrl'>): RenderedReminder {
  const w = wording(f, audience);
  const url = linkTo(settings, w.path);
  const footer = 'You receive this because AwardGate reminds the people who must act before an SPRS deadline. Your preferences page lets you switch off the kinds you may.';
  const body = [...w.paragraphs, `${w.action}: ${url}`].join('\n\n');
  const text = [body, '--', footer].join('\n\n');
  const html = [
    '<!doctype html><html><body>',
    ...w.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(url)}">${escapeHtml(w.action)}</a></p>`,
    `<hr><p><small>${escapeHtml(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { title: w.title, deadlineTitle: w.deadlineTitle, path: w.path, url, body, text, html };
}
