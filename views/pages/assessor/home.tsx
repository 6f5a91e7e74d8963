/**
 * The assessor workspace (rules §6, §9): a C3PAO posts Level 2 (C3PAO) results for companies it is
 * engaged with; DIBCAC posts Level 3 (DIBCAC), not Level 2 (C3PAO), and NIST SP 800-171 Medium/High for any company.
 */
import type { Level } from '../../../src/domain/levels.js';
import type { PresentedRecord } from '../../../src/services/records.js';
import { EmptyState, SlimAlert } from '../../components/alerts.js';
import { TextField } from '../../components/form.js';
import { StatusTag } from '../../components/reasons.js';
import { ColumnHeads, Table, type Paging } from '../../components/table.js';
import { LEVEL_LABEL } from '../../labels.js';

export interface AssessorHomeProps {
  role: 'C3PAO' | 'DIBCAC' | 'ADMIN';
  levels: Level[];
  /** `since`: the day of the engagement (a date in the rules' time zone). */
  engaged: { cage: string; name: string; since: string }[];
  posted: PresentedRecord[];
  paging: Paging;
  mayPostNist: boolean;
  notice: string | null;
}

export function AssessorHome(p: AssessorHomeProps) {
  return (
    <>
      <h1>Post assessment results</h1>
      <SlimAlert type="success" text={p.notice} />
      {p.role === 'C3PAO' ? (
        <>
          <p class="usa-intro">Post Level 2 (C3PAO) results for the companies that engaged you. The company's contractor (or an administrator) records the engagement.</p>
          <h2 id="engaged-heading">Companies you are engaged with</h2>
          {p.engaged.length ? (
            <Table labelledBy="engaged-heading" head={<ColumnHeads labels={['CAGE (HLO)', 'Company', 'Engaged since']} action="Action" />}>
              {p.engaged.map((e) => (
                <tr>
                  <th scope="row" class="ag-mono">
                    {e.cage}
                  </th>
                  <td>{e.name}</td>
                  <td>{e.since}</td>
                  <td>
                    <a href={`/assessor/assessments/new?level=L2_C3PAO&cage=${e.cage}`}>
                      Post Level 2 (C3PAO) results<span class="usa-sr-only"> for {e.name}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </Table>
          ) : (
            <EmptyState>No company has engaged you yet. Results can be posted once a company records the engagement.</EmptyState>
          )}
        </>
      ) : (
        <>
          <p class="usa-intro">
            {p.role === 'DIBCAC'
              ? 'Post Level 3 (DIBCAC) results (the scope needs a current Final Level 2 (C3PAO) status) and NIST SP 800-171 Medium or High assessments, for any company.'
              : 'As an administrator you stand in for the SPRS and eMASS feeds and may post any level.'}
          </p>
          <form method="get" action="/assessor/assessments/new" class="usa-form">
            <TextField name="cage" label="Company CAGE code" hint="The company's HLO CAGE or any CAGE of its hierarchy" maxlength={5} class="usa-input--small" />
            <fieldset class="usa-fieldset">
              <legend class="usa-legend">Results to post</legend>
              {p.levels.map((l, i) => (
                <div class="usa-radio">
                  <input class="usa-radio__input" id={`level-${l}`} type="radio" name="level" value={l} checked={i === 0} />
                  <label class="usa-radio__label" for={`level-${l}`}>
                    {LEVEL_LABEL[l]}
                  </label>
                </div>
              ))}
            </fieldset>
            <button type="submit" class="usa-button">
              Open the results form
            </button>
          </form>
          {p.mayPostNist ? (
            <p class="margin-top-3">
              <a class="usa-button usa-button--outline" href="/assessor/nist/new">
                Post a NIST SP 800-171 Medium or High assessment
              </a>
            </p>
          ) : null}
        </>
      )}
      <p class="margin-top-3">
        <a class="usa-button usa-button--outline" href="/assessor/closeouts">
          POA&amp;M closeouts
        </a>
      </p>
      <h2 id="posted-heading">Results you posted</h2>
      {p.posted.length ? (
        <Table
          labelledBy="posted-heading"
          head={<ColumnHeads labels={['UID', 'Level', 'Scope', 'CAGE codes', 'Status today', 'Status date', 'Score']} />}
          paging={p.paging}
          base="/assessor"
        >
          {p.posted.map((r) => (
            <tr>
              <th scope="row">
                <a href={`/uids?uid=${r.uid}`} class="ag-mono">
                  {r.uid}
                </a>
              </th>
              <td>{LEVEL_LABEL[r.level]}</td>
              <td>{r.scope}</td>
              <td class="ag-mono">{r.cages.join(', ')}</td>
              <td>
                <StatusTag type={r.type} current={r.current} />
              </td>
              <td>{r.statusDate}</td>
              <td>{r.score ?? '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>Nothing posted yet.</EmptyState>
      )}
    </>
  );
}
