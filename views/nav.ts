import type { Role } from '../src/domain/levels.js';

type NavLink = { href: string; label: string };
const link = (href: string, label: string): NavLink => ({ href, label });
const UID_LOOKUP = link('/uids', 'UID lookup');
const POST_RESULTS = link('/assessor', 'Post results');

/** The workspace links each role sees in the header, in order. */
export const NAV: Record<Role, NavLink[]> = {
  CONTRACTING_OFFICER: [link('/officer/solicitations', 'Solicitations'), link('/officer/contracts', 'Contracts'), link('/officer/verifications', 'Verifications'), link('/officer/watch', 'Watch list'), UID_LOOKUP],
  CONTRACTOR: [link('/company', 'Company'), link('/company/assessments', 'Assessments'), link('/company/affirmations', 'Affirmations'), link('/company/poam', 'POA&M'), link('/company/uids', 'My UIDs'), link('/flowdown', 'Flowdown'), link('/attestations', 'Attestations')],
  C3PAO: [POST_RESULTS],
  DIBCAC: [POST_RESULTS, UID_LOOKUP],
  ADMIN: [link('/admin/users', 'Accounts'), link('/admin/companies', 'Companies'), link('/admin/engagements', 'Engagements'), link('/admin/import', 'Bulk import'), link('/admin/emass', 'eMASS feed'), link('/admin/outbox', 'Reminder outbox'), UID_LOOKUP],
};
