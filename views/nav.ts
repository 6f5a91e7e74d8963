import type { Role } from '../src/domain/levels.js';

/** The workspace links each role sees in the header, in order. */
export const NAV: Record<Role, { href: string; label: string }[]> = {
  CONTRACTING_OFFICER: [
    { href: '/officer/solicitations', label: 'Solicitations' },
    { href: '/officer/contracts', label: 'Contracts' },
    { href: '/officer/verifications', label: 'Verifications' },
    { href: '/officer/watch', label: 'Watch list' },
    { href: '/uids', label: 'UID lookup' },
  ],
  CONTRACTOR: [
    { href: '/company', label: 'Company' },
    { href: '/company/assessments', label: 'Assessments' },
    { href: '/company/affirmations', label: 'Affirmations' },
    { href: '/company/poam', label: 'POA&M' },
    { href: '/company/uids', label: 'My UIDs' },
    { href: '/flowdown', label: 'Flowdown' },
    { href: '/attestations', label: 'Attestations' },
  ],
  C3PAO: [{ href: '/assessor', label: 'Post results' }],
  DIBCAC: [
    { href: '/assessor', label: 'Post results' },
    { href: '/uids', label: 'UID lookup' },
  ],
  ADMIN: [
    { href: '/admin/users', label: 'Accounts' },
    { href: '/admin/companies', label: 'Companies' },
    { href: '/admin/engagements', label: 'Engagements' },
    { href: '/admin/import', label: 'Bulk import' },
    { href: '/admin/emass', label: 'eMASS feed' },
    { href: '/admin/outbox', label: 'Reminder outbox' },
    { href: '/uids', label: 'UID lookup' },
  ],
};

