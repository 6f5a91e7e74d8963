/** A UID of the signed-in contractor's company as its workspace lists it. */
import type { Level } from '../../src/domain/levels.js';
import { LEVEL_LABEL } from '../labels.js';

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
