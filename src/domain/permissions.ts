/**
 * Who may do what (rules §6 and §9; api.md): the one table every route and service reads. A role
 * either may not act at all, or may act within a reach that the service then enforces on the record:
 *
 * - `any`: every record (government readers, administrators standing in for the feeds);
 * - `own-company`: records of the actor's own company (its HLO CAGE hierarchy). For writes against a
 *   UID this is the UID's owning company only; reads may follow any of the UID's CAGE codes;
 * - `engaged`: companies the C3PAO user is engaged with (an engagement links assessor and company);
 * - `posted-by-self`: records the actor posted.
 *
 * @see ../../README.md#rule-decisions
 */
import type { Level, NistConfidence, Role } from './levels.js';

export type Reach = 'any' | 'own-company' | 'engaged' | 'posted-by-self';
type Grant = Partial<Record<Role, Reach>>;

export const PERMISSIONS = {
  // Administrators: accounts and roles, SAM-style company/CAGE records, bulk import, the feeds (rules §9).
  'accounts.manage': { ADMIN: 'any' },
  'companies.manage': { ADMIN: 'any' },
  'companies.list': { ADMIN: 'any', CONTRACTING_OFFICER: 'any', DIBCAC: 'any' },
  'records.import': { ADMIN: 'any' },
  'signing-key.rotate': { ADMIN: 'any' },
  'emass.sync': { ADMIN: 'any' },
  'notifications.run': { ADMIN: 'any' },
  'outbox.read': { ADMIN: 'any' },

  // Contracting officers: read all records, run and record checks (rules §5, §9; DFARS 204.7503).
  'checks.run': { CONTRACTING_OFFICER: 'any', ADMIN: 'any' },
  'verifications.record': { CONTRACTING_OFFICER: 'any', ADMIN: 'any' },
  'verifications.read': { CONTRACTING_OFFICER: 'any', ADMIN: 'any', DIBCAC: 'any' },
  'officer.workspace': { CONTRACTING_OFFICER: 'any', ADMIN: 'any' },

  // Status records (GET /uids/{uid}): government readers any; contractors their company's; C3PAO what they posted.
  'records.read': { CONTRACTING_OFFICER: 'any', DIBCAC: 'any', ADMIN: 'any', CONTRACTOR: 'own-company', C3PAO: 'posted-by-self' },

  // Postings (rules §6): contractors self-assess; C3PAO users post L2 (C3PAO) where engaged; DIBCAC
  // posts Level 3 only; administrators post anything (they stand in for the feeds). A POA&M closeout
  // belongs to whoever may post that level for the company (api.md, closeouts).
  'assessments.post.L1_SELF': { CONTRACTOR: 'own-company', ADMIN: 'any' },
  'assessments.post.L2_SELF': { CONTRACTOR: 'own-company', ADMIN: 'any' },
  'assessments.post.L2_C3PAO': { C3PAO: 'engaged', ADMIN: 'any' },
  'assessments.post.L3_DIBCAC': { DIBCAC: 'any', ADMIN: 'any' },

  // Writes against a UID belong to its owning company (rules §9), DoD where the rules say so.
  'affirmations.add': { CONTRACTOR: 'own-company', ADMIN: 'any' },
  'compliance-changes.add': { CONTRACTOR: 'own-company', DIBCAC: 'any', ADMIN: 'any' },

  // NIST SP 800-171 DoD Assessments (rules §6): Basic by the contractor, Medium/High by DoD.
  'nist.post.BASIC': { CONTRACTOR: 'own-company', ADMIN: 'any' },
  'nist.post.MEDIUM': { DIBCAC: 'any', ADMIN: 'any' },
  'nist.post.HIGH': { DIBCAC: 'any', ADMIN: 'any' },
  'nist.read': { CONTRACTING_OFFICER: 'any', DIBCAC: 'any', ADMIN: 'any', CONTRACTOR: 'own-company' },

  // Engagements: the company engages its own assessor, or an administrator does (api.md).
  'engagements.create': { CONTRACTOR: 'own-company', ADMIN: 'any' },

  // The contractor workspace, and the prime's flowdown checks and attestations (rules §7).
  'company.workspace': { CONTRACTOR: 'own-company' },
  'flowdown.record': { CONTRACTOR: 'own-company' },
  // Administrators read every company's flowdown checks (support and audit); a prime reads its own.
  'flowdown.read': { CONTRACTOR: 'own-company', ADMIN: 'any' },
  'attestations.issue': { CONTRACTOR: 'own-company' },

  // The assessor workspace (C3PAO and DIBCAC postings; administrators stand in).
  'assessor.workspace': { C3PAO: 'engaged', DIBCAC: 'any', ADMIN: 'any' },
} as const satisfies Record<string, Grant>;

export type Action = keyof typeof PERMISSIONS;

/** The reach a role has for an action, or null when it may not do it at all. */
export function reachOf(role: Role, action: Action): Reach | null {
  return (PERMISSIONS[action] as Grant)[role] ?? null;
}

/** May this role do this at all? (Scoping to a company or an engagement is then the service's.) */
export const may = (role: Role, action: Action): boolean => reachOf(role, action) !== null;

/** The roles allowed an action, in the table's order (pages say who may do it instead). */
export const rolesFor = (action: Action): Role[] => Object.keys(PERMISSIONS[action]) as Role[];

/**
 * Does this role act for one company? Such an account needs a company, and to it another company's
 * records answer like records that do not exist (rules §9: contractors never see another company's data).
 */
export const bindsToCompany = (role: Role): boolean => Object.values(PERMISSIONS).some((g) => (g as Grant)[role] === 'own-company');

/** Does this role post Level 2 (C3PAO) results where an engagement links it to the company (rules §6)? */
export const assessesWhereEngaged = (role: Role): boolean => reachOf(role, postAction('L2_C3PAO')) === 'engaged';

/** Posting or closing out a result of this level (rules §6; api.md closeouts). */
export const postAction = (level: Level): Action => `assessments.post.${level}`;

/** Posting a NIST SP 800-171 DoD Assessment of this confidence (rules §6). */
export const nistPostAction = (confidence: NistConfidence): Action => `nist.post.${confidence}`;
