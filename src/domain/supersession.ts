/**
 * Who supersedes whom (rules §3.5, §6; api.md import; feeds.md "Scope"). The newest assessment of a
 * scope is its truth: within one company (HLO), scope and level family, each record is superseded by
 * the next one from that one's status date, whatever the newer record's outcome (a No CMMC Status
 * result replaces a current status too). Postings and both import paths store the links this
 * module computes (services/scopes.ts relinkSupersession, and relinkSupersessionOf for the eMASS
 * feed's batches), so they cannot disagree.
 */
import type { IsoDate } from './dates.js';
import { levelFamily, type Level } from './levels.js';

/** A scope is identified by its company and its name, trimmed and case-insensitive (rules §1). */
export const scopeKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The group within which records supersede each other: company (HLO), scope and level family.
 * Level 2 (Self) and Level 2 (C3PAO) share a family, so either replaces the other; Level 3 has its
 * own, so a Level 3 never supersedes the Level 2 (C3PAO) it depends on (32 CFR 170.18).
 */
export function supersessionGroupKey(r: { hloCage: string; scope: string; level: Level }): string {
  return `${r.hloCage}\u0000${scopeKey(r.scope)}\u0000${levelFamily(r.level)}`;
}

/** One record of a supersession group, as the rule sees it: its status (or lack of one) plays no part. */
export interface SupersessionMember {
  uid: string;
  statusDate: IsoDate;
  /** The order records arrived in (stored sequence); it breaks ties between equal status dates. */
  arrival: number;
  /** An older UID this record names as replaced (import `supersedes`); it may be a UID not held here. */
  supersedes?: string | null;
}

export interface SupersessionLink {
  supersededBy: string;
  supersededOn: IsoDate;
}

const byDateThenArrival = (a: SupersessionMember, b: SupersessionMember): number =>
  a.statusDate < b.statusDate ? -1 : a.statusDate > b.statusDate ? 1 : a.arrival - b.arrival;

/**
 * The supersession links of one group (one company, scope and level family; see
 * `supersessionGroupKey`). Every member gets an entry: the record that replaces it and the date it
 * is superseded from, or null while nothing replaces it, so a caller can clear a stale link.
 *
 * - Order: by status date, then arrival; each member is superseded by the next one, from the next
 *   one's status date (rules §3.5, §6; api.md import).
 * - Explicit `supersedes` naming another member supersedes it from the namer's status date. When
 *   both apply, the earlier date wins; on the same date the explicit naming wins (the namer is the
 *   record the company reported as the replacement), and among several namers the first by status
 *   date, then arrival.
 * - Explicit `supersedes` naming a UID outside the group (not held here, another scope, or another
 *   family such as a Level 3 naming its Level 2 (C3PAO)) yields no link here: the name is stored
 *   with the newer record and the status record's reader applies it within the same family when
 *   that UID is held.
 *
 * @param members the group's records, in any order; the input is not modified.
 * @returns member UID → link (or null).
 * @see ../../README.md "Supersession of imported records"
 */
export function supersessionLinks(members: readonly SupersessionMember[]): Map<string, SupersessionLink | null> {
  const ordered = [...members].sort(byDateThenArrival);
  const links = new Map<string, SupersessionLink | null>();
  ordered.forEach((m, i) => {
    const next = ordered[i + 1];
    links.set(m.uid, next ? { supersededBy: next.uid, supersededOn: next.statusDate } : null);
  });
  const named = new Map<string, SupersessionLink>();
  for (const m of ordered) {
    const target = m.supersedes;
    if (!target || target === m.uid || !links.has(target) || named.has(target)) continue;
    named.set(target, { supersededBy: m.uid, supersededOn: m.statusDate });
  }
  for (const [uid, explicit] of named) {
    const implicit = links.get(uid);
    if (!implicit || explicit.supersededOn <= implicit.supersededOn) links.set(uid, explicit);
  }
  return links;
}
