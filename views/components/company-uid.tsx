/** A UID of the signed-in contractor's company as its workspace lists it. */
import type { Level } from '../../src/domain/levels.js';
import { LEVEL_LABEL } from '../labels.js';
import type { Column } from './table.js';

/** The UID, linked to its page in the contractor workspace. */
export function CompanyUidLink({ uid }: { uid: string }) {
  return (
    <a href={`/company/uids/${uid}`} class="ag-mono">
      {uid}
    </a>
  );
}

/** The row header of a table of the company's UIDs. */
export function CompanyUidHeader({ uid }: { uid: string }) {
  return (
    <th scope="row">
      <CompanyUidLink uid={uid} />
    </th>
  );
}

/** The level with the scope under it, in one table cell. */
export function LevelAndScope({ level, scope }: { level: Level; scope: string }) {
  return (
    <td>
      {LEVEL_LABEL[level]}
      <br />
      <span class="ag-citation">{scope}</span>
    </td>
  );
}

/** What the columns below read of a row (the services' presented record has these and more). */
interface UidListRow {
  uid: string;
  level: Level;
  scope: string;
  statusDate: string;
  currentThrough: string | null;
}

/**
 * The columns the company's UID lists share (Assessments, My UIDs for an offer), each sorting by the
 * field of the same name; a page picks them in its own order, beside columns of its own.
 */
export const UID_COLUMNS = {
  uid: { label: 'UID', sort: 'uid', cell: (r) => <CompanyUidLink uid={r.uid} /> },
  level: { label: 'Level', sort: 'level', cell: (r) => LEVEL_LABEL[r.level] },
  scope: { label: 'Scope', sort: 'scope', cell: (r) => r.scope },
  statusDate: { label: 'Status date', sort: 'statusDate', cell: (r) => r.statusDate },
  currentThrough: { label: 'Current through', sort: 'currentThrough', cell: (r) => r.currentThrough ?? 'not current' },
} satisfies Record<string, Column<UidListRow>>;
