/**
 * A flowdown check (rules §7; 32 CFR 170.23): the minimum level hint, the preview (verified facts
 * and the decision with every reason), recording it (immutable), and a recorded check's page.
 */
import { Hono, type Context } from 'hono';
import { MinimumLevelHint, type FlowdownCheckView } from '../../../../views/components/flowdown.js';
import type { FormErrors, FormValues } from '../../../../views/components/form.js';
import { FlowdownCheckPage } from '../../../../views/pages/flowdown/check.js';
import { FlowdownCheckWorkspace, NewFlowdownCheckPage } from '../../../../views/pages/flowdown/new-check.js';
import { citation } from '../../../domain/calendar.js';
import { subMinimumLevel, type FlowdownMinimum } from '../../../domain/flowdown.js';
import { INFORMATION, LEVELS, type Information, type Level } from '../../../domain/levels.js';
import { tokenOfShare } from '../../../services/attestations.js';
import { previewFlowdownCheck, recordFlowdownCheck } from '../../../services/flowdown.js';
import { getFlowdownCheck } from '../../../services/flowdown-tree.js';
import { FlowdownCheckInput } from '../../../services/inputs.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { all, list, opt } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, type FormState } from '../validator.js';

const isLevel = (v: unknown): v is Level => (LEVELS as readonly unknown[]).includes(v);
const isInformation = (v: unknown): v is Information => (INFORMATION as readonly unknown[]).includes(v);

/** rules §7 row for the chosen prime level and information, or null until both are chosen. */
function minimumOf(values: FormValues): FlowdownMinimum | null {
  const level = opt(values.primeLevel);
  const information = opt(values.information);
  return isLevel(level) && isInformation(information) ? subMinimumLevel(level, information, opt(values.cotsOnly) === 'on') : null;
}

/** The posted form → FlowdownCheckInput: the evidence source decides which evidence fields count. */
function toCheckInput(v: FormValues) {
  const source = opt(v.evidenceSource) ?? 'ATTESTATION';
  const days = opt(v.lookAheadDays);
  const nistConfidence = opt(v['evidence.nist.confidence']);
  const score = opt(v['evidence.nist.score']);
  return {
    primeContractNumber: opt(v.primeContractNumber) ?? '',
    primeLevel: opt(v.primeLevel) ?? '',
    subcontractor: { cage: opt(v['subcontractor.cage']) ?? '', name: opt(v['subcontractor.name']) ?? '' },
    information: opt(v.information) ?? '',
    cotsOnly: opt(v.cotsOnly) === 'on',
    nist7012: opt(v.nist7012) === 'on',
    asOf: opt(v.asOf) ?? null,
    lookAheadDays: days === undefined ? null : Number(days),
    lookAheadUntil: opt(v.lookAheadUntil) ?? null,
    attestation: source === 'ATTESTATION' ? (opt(v.attestation) ?? '') : null,
    // The choice appears once an attestation's UIDs are known; until then every attested UID is used.
    uids: source === 'ATTESTATION' && opt(v.uidsChosen) === '1' ? all(v.uids) : null,
    evidence:
      source === 'TYPED'
        ? {
            kind: opt(v['evidence.kind']) ?? '',
            reference: opt(v['evidence.reference']) ?? null,
            uids: list(v['evidence.uids']),
            level: opt(v['evidence.level']) ?? null,
            type: opt(v['evidence.type']) ?? null,
            statusDate: opt(v['evidence.statusDate']) ?? null,
            affirmationDate: opt(v['evidence.affirmationDate']) ?? null,
            nist:
              nistConfidence === undefined
                ? null
                : { confidence: nistConfidence, assessmentDate: opt(v['evidence.nist.assessmentDate']) ?? '', score: score === undefined ? Number.NaN : Number(score) },
          }
        : null,
  };
}

const MISSING: Record<string, string> = {
  primeLevel: 'Choose the level your prime contract requires',
  information: 'Choose what information the subcontractor will handle',
  'evidence.kind': 'Choose the kind of evidence',
  'evidence.level': 'Choose the level the evidence shows',
  'evidence.type': 'Choose the status the evidence shows',
  'evidence.nist.assessmentDate': 'Enter the assessment date the evidence shows',
  'evidence.nist.score': 'Enter the summary score the evidence shows',
};

/** rules §7's two further tests, cited from the calendar (the view shows them beside the level table). */
const TEST_CITATIONS = { cots: citation('FLOWDOWN_COTS_EXCLUSION'), nist: citation('SUB_NIST_ASSESSMENT') };

/** Plain words for a select left on "- Choose -" (zod's enum message lists the codes). */
const friendlier = (errors: FormErrors, values: FormValues): FormErrors => Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, MISSING[k] && !opt(values[k]) ? MISSING[k] : m]));

function workspaceView(c: Context<PagesEnv>, form: FormState, preview: FlowdownCheckView | null = null): View {
  const props = { csrf: c.var.csrfToken, values: form.values, errors: friendlier(form.errors, form.values), minimum: minimumOf(form.values), preview, today: c.var.ctx.clock.today(), citations: TEST_CITATIONS };
  return { title: 'New flowdown check', page: <NewFlowdownCheckPage {...props} />, fragment: <FlowdownCheckWorkspace {...props} /> };
}

export function flowdownCheckPages() {
  return (
    new Hono<PagesEnv>()
      // The live hint of rules §7 (htmx swaps it in as the selects change); a plain GET gets it as a page.
      .get('/minimum', (c) => {
        const hint = <MinimumLevelHint minimum={minimumOf({ primeLevel: c.req.query('primeLevel'), information: c.req.query('information'), cotsOnly: c.req.query('cotsOnly') })} />;
        return pageOrFragment(c, { title: "Subcontractor's minimum level", page: hint, fragment: hint });
      })
      .get('/new', async (c) => {
        // Pre-filled from a link (the verify page's "use it", the re-check list's "re-check").
        const values: FormValues = { evidenceSource: 'ATTESTATION' };
        for (const k of ['primeContractNumber', 'primeLevel', 'information', 'subcontractor.cage', 'subcontractor.name', 'attestation', 'cotsOnly', 'nist7012', 'lookAheadUntil']) {
          const v = c.req.query(k);
          if (v) values[k] = v;
        }
        // The verify page's "use it" names the shared link's id, so the URL stays short whatever the token's length.
        const share = c.req.query('share');
        const held = share ? await tokenOfShare(c.var.ctx, share) : null;
        if (held) values.attestation = held;
        return pageOrFragment(c, workspaceView(c, { values, errors: {} }));
      })
      .post('/new', once(), formValidator(FlowdownCheckInput, toCheckInput, workspaceView), async (c) => {
        const { data, values } = c.req.valid('form');
        if (opt(values.record) === '1') {
          const check = await recordFlowdownCheck(c.var.ctx, c.var.actor!, data);
          return c.redirect(`/flowdown/checks/${check.id}?recorded=1`, 303);
        }
        return pageOrFragment(c, workspaceView(c, { values, errors: {} }, await previewFlowdownCheck(c.var.ctx, c.var.actor!, data)));
      })
      .get('/checks/:id', async (c) => {
        const check = await getFlowdownCheck(c.var.ctx, c.var.actor!, c.req.param('id'));
        const notice = c.req.query('recorded') ? 'Recorded. This check can no longer be changed.' : null;
        return c.render(<FlowdownCheckPage check={check} own={check.primeCage === c.var.actor!.companyHlo} notice={notice} />, { title: `Flowdown check ${check.primeContractNumber}` });
      })
  );
}
