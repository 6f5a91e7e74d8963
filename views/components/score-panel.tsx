/**
 * The live score of an assessment being answered: score, resulting status, POA&M, what blocks a
 * Conditional status and what is still unanswered. All of it comes from the domain's previewScore;
 * the full page and the htmx preview endpoint render this same component into #score-panel.
 */
import type { ScorePreview } from '../../src/domain/scoring.js';
import { CONDITIONAL_DAYS, requirementName, SCORE_THRESHOLDS, statusLabel } from '../labels.js';
import { answerAnchor } from './requirements-form.js';

const SHOWN = 12;

function IdList({ ids }: { ids: string[] }) {
  return (
    <ul class="usa-list usa-list--unstyled font-body-2xs">
      {ids.slice(0, SHOWN).map((id) => (
        <li>
          <a href={answerAnchor(id)} class="ag-mono">
            {id}
          </a>{' '}
          {requirementName(id)}
        </li>
      ))}
      {ids.length > SHOWN ? <li>… and {ids.length - SHOWN} more</li> : null}
    </ul>
  );
}

/** The status the answers give, in words ("Conditional Level 2 (C3PAO)", "No CMMC Score"). */
export const scoreStatusLabel = (p: ScorePreview) => (p.noScore ? 'No CMMC Score' : p.type ? statusLabel(p.level, p.type) : '—');

export function ScorePanelBody({ preview: p }: { preview: ScorePreview }) {
  const t = SCORE_THRESHOLDS;
  const status = scoreStatusLabel(p);
  const scoreText =
    p.score === null ? (p.level === 'L1_SELF' && !p.errors.length && !p.noScore ? 'Level 1 has no score' : '—') : p.level === 'L3_DIBCAC' ? `${p.score} of ${t.L3_REQUIREMENTS} met` : `${p.score} of ${t.L2_MAX_SCORE}`;
  return (
    <div class="usa-summary-box" data-score={p.score ?? ''} data-status={status}>
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading">Live score</h2>
        <div class="usa-summary-box__text">
          <p class="margin-y-05" id="score-summary">
            <span class="font-heading-xl text-bold" id="score-value">
              {scoreText}
            </span>
            <br />
            <span class={`usa-tag ${p.type === 'FINAL' ? 'ag-tag--ok' : p.type === 'CONDITIONAL' ? 'ag-tag--warning' : 'ag-tag--error'}`} id="score-status">
              {status}
            </span>
            {p.complete ? null : <span class="display-block font-body-2xs margin-top-05">Projected: unanswered requirements counted as MET</span>}
          </p>
          <p class="margin-y-05">
            Answered <strong>{p.answered}</strong> of {p.total}
          </p>
          {p.noScore ? (
            <div class="usa-alert usa-alert--error usa-alert--slim">
              <div class="usa-alert__body">
                <p class="usa-alert__text">{p.explanation}</p>
              </div>
            </div>
          ) : (
            <p class="margin-y-05 font-body-2xs">{p.explanation}</p>
          )}
          {p.errors.length ? (
            <>
              <h3 class="margin-bottom-05">Answers that cannot be posted</h3>
              <ul class="usa-list usa-list--unstyled font-body-2xs">
                {p.errors.map((e) => (
                  <li>
                    <span class="ag-mono">{e.path.replace(/^results\./, '')}</span>: {e.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {p.type === 'CONDITIONAL' && p.poam.length ? (
            <>
              <h3 class="margin-bottom-05">POA&amp;M ({p.poam.length})</h3>
              <p class="margin-y-05 font-body-2xs">Close these out within {CONDITIONAL_DAYS} days of the status date (32 CFR 170.21).</p>
              <IdList ids={p.poam} />
            </>
          ) : null}
          {p.type === 'NONE' && p.blocking.length ? (
            <>
              <h3 class="margin-bottom-05">Blocking a Conditional status ({p.blocking.length})</h3>
              <IdList ids={p.blocking} />
            </>
          ) : null}
          {p.unanswered.length ? (
            <>
              <h3 class="margin-bottom-05">Unanswered ({p.unanswered.length})</h3>
              <IdList ids={p.unanswered} />
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** The stable live region the htmx preview swaps its body into (innerHTML), so changes are announced. */
export function ScorePanel({ preview }: { preview: ScorePreview }) {
  return (
    <div id="score-panel" aria-live="polite" aria-atomic="false" class="position-sticky top-0 padding-top-1 maxh-viewport overflow-y-auto">
      <ScorePanelBody preview={preview} />
    </div>
  );
}
