import type { Role } from '../domain/levels.js';

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

export const isGovernmentReader = (a: Actor) => a.role === 'CONTRACTING_OFFICER' || a.role === 'DIBCAC' || a.role === 'ADMIN';
