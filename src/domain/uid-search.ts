/** What a UID lookup answers (the service fills it, the page shows it). */
import type { Level, StatusType } from './levels.js';

/** A company as the lookup names it: its name and the CAGE code of its Highest Level Owner. */
export interface CompanyName {
  cage: string;
  name: string;
}

/** One UID a search found, with the company that owns it. */
export interface UidSearchRow {
  uid: string;
  level: Level;
  type: StatusType;
  current: boolean;
  statusDate: string;
  cages: string[];
  company: CompanyName;
}
