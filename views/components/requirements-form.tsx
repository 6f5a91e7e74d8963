/**
 * The requirement answers of a Level 1/2/3 assessment (rules §6): one table per family, one radio
 * group per requirement, nothing chosen until the user answers (an unanswered requirement is never
 * silently MET). PARTIAL is offered only where the requirement table gives partial credit.
 * Native radios: Tab moves between requirements, arrow keys choose within one (keyboard alone).
 */
import type { Level, RequirementResult } from '../../src/domain/levels.js';
import type { Requirement } from '../../src/domain/requirements.js';
import { FAMILY_NAME, requirementsFor, RESULT_LABEL } from '../labels.js';
import type { FormErrors } from './form.js';

/** The field name (and error path) of a requirement's answer: the service's own `results.<id>`. */
export const answerField = (id: string) => `results.${id}`;
const fieldId = (id: string, value?: RequirementResult) => `f-${answerField(id).replace(/[^a-zA-Z0-9_-]/g, '-')}${value && value !== 'MET' ? `-${value}` : ''}`;
export const answerAnchor = (id: string) => `#${fieldId(id)}`;

function options(level: Level, req: Requirement): RequirementResult[] {
  const base: RequirementResult[] = ['MET', 'NOT_MET', 'NOT_APPLICABLE'];
  return level !== 'L1_SELF' && level !== 'L3_DIBCAC' && req.partialPoints !== null ? [...base, 'PARTIAL'] : base;
}

function Weight({ level, req }: { level: Level; req: Requirement }) {
  if (level === 'L1_SELF') return null;
  return (
    <span class="ag-citation">
      {' '}
      · {req.points} {req.points === 1 ? 'point' : 'points'}
      {req.partialPoints !== null ? ` (partial: ${req.partialPoints})` : ''}
      {req.poamAllowed === 'no' ? ' · may not be on a POA&M' : req.poamAllowed === 'partial_only' ? ' · on a POA&M only as PARTIAL' : ''}
    </span>
  );
}

export interface RequirementTablesProps {
  level: Level;
  answers: Record<string, string>;
  errors: FormErrors;
  /** Only these requirements (a POA&M closeout re-assesses exactly its POA&M). */
  only?: string[];
  /** Mark unanswered requirements (after a submit that left some unanswered). */
  showMissing?: boolean;
}

export function RequirementTables(p: RequirementTablesProps) {
  const table = requirementsFor(p.level).filter((r) => !p.only || p.only.includes(r.id));
  const families: string[] = [];
  for (const r of table) if (!families.includes(r.family)) families.push(r.family);
  const cols = Math.max(...table.map((r) => options(p.level, r).length));
  return (
    <div class="ag-requirements">
      {families.map((fam) => {
        const reqs = table.filter((r) => r.family === fam);
        return (
          <table class="usa-table usa-table--compact usa-table--striped width-full margin-top-2 ag-stack ag-stack--inline">
            <caption>
              {FAMILY_NAME[fam] ?? fam} ({fam}) · {reqs.length} {reqs.length === 1 ? 'requirement' : 'requirements'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Requirement</th>
                <th scope="col" colspan={cols}>
                  Result
                </th>
              </tr>
            </thead>
            <tbody>
              {reqs.map((req) => {
                const err = p.errors[answerField(req.id)] ?? (p.showMissing && !p.answers[req.id] ? 'no answer yet' : undefined);
                const opts = options(p.level, req);
                return (
                  <tr class={err ? 'bg-error-lighter' : undefined}>
                    <th scope="row" id={`${fieldId(req.id)}-label`}>
                      <span class="ag-mono">{req.id}</span> {req.name}
                      <Weight level={p.level} req={req} />
                      {err ? (
                        <span class="usa-error-message display-block margin-0" id={`${fieldId(req.id)}-error`}>
                          {err}
                        </span>
                      ) : null}
                    </th>
                    {opts.map((v) => (
                      <td class="text-no-wrap">
                        <input
                          type="radio"
                          id={fieldId(req.id, v)}
                          name={answerField(req.id)}
                          value={v}
                          checked={p.answers[req.id] === v}
                          aria-describedby={err ? `${fieldId(req.id)}-error` : undefined}
                          aria-invalid={err ? 'true' : undefined}
                        />{' '}
                        <label for={fieldId(req.id, v)}>
                          {RESULT_LABEL[v]}
                          <span class="usa-sr-only">: {req.id} {req.name}</span>
                        </label>
                      </td>
                    ))}
                    {opts.length < cols ? <td colspan={cols - opts.length}></td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
