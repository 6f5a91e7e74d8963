/**
 * Who is acting, and the one way services ask what the actor may do: the permissions table of the
 * domain (rules §6, §9) says whether the role may act and with which reach; the service then checks
 * that reach against the record or company at hand.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { engagements } from '../../db/schema.js';
import type { Role } from '../domain/levels.js';
import { bindsToCompany, reachOf, type Action, type Reach } from '../domain/permissions.js';
import { forbidden, notFound } from './errors.js';

/** Who is acting: resolved from an API token or a browser session. */
export interface Actor {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  /** The contractor's company: the HLO of the CAGE the account was created with. */
  companyHlo: string | null;
  companyCage: string | null;
}

/** The actor's reach for an action; 403 with `refusal` (users' words) when its role may not do it at all. */
export function requireReach(actor: Actor, action: Action, refusal: string): Reach {
  const reach = reachOf(actor.role, action);
  if (!reach) throw forbidden(refusal);
  return reach;
}

/** The company an own-company actor acts for; an account of such a role without one may not act. */
export function ownCompany(actor: Actor, refusal: string): string {
  if (!actor.companyHlo) throw forbidden(refusal);
  return actor.companyHlo;
}

export async function isEngaged(db: Db, assessorId: number, hlo: string): Promise<boolean> {
  const [e] = await db.select({ id: engagements.id }).from(engagements).where(and(eq(engagements.assessorUserId, assessorId), eq(engagements.companyHloCage, hlo)));
  return !!e;
}

/**
 * Throws unless the actor may do `action` for the company with HLO `hlo`. To an actor bound to one
 * company, any other company answers like one that does not exist (404), whatever the action: a
 * company's SPRS data is not another contractor's to probe. Otherwise a role without the action is 403.
 */
export async function assertMayForCompany(db: Db, actor: Actor, action: Action, hlo: string, refusal: string): Promise<void> {
  if (bindsToCompany(actor.role) && actor.companyHlo !== hlo) throw notFound('No such company');
  const reach = requireReach(actor, action, refusal);
  if (reach === 'engaged' && !(await isEngaged(db, actor.id, hlo))) throw forbidden('You are not engaged with this company');
  // `own-company` was settled above; `posted-by-self` concerns records, not companies.
  if (reach === 'posted-by-self') throw forbidden(refusal);
}
