/**
 * A flowdown check (rules §7; 32 CFR 170.23): the minimum level hint, the preview (verified facts
 * and the decision with every reason), recording it (immutable), and a recorded check's page.
 */
import { Hono, type Context } from 'hono';
import { MinimumLevelHint, type FlowdownCheckView } from '../../../../views/components/flowdown.js';
import type { FormErrors, FormValues } from '../../../../views/components/form.js';
import { FlowdownCheckPage } from '../../../../views/pages/flowdown/check.js';
import { FlowdownCheckWorkspace, NewFlowdownCheckPage } from '../../../../views/pages/flowdown/new-check.js';
import { subMinimumLevel, type FlowdownMinimum } from '../../../domain/flowdown.js';
import { INFORMATION, LEVELS, type Information, type Level } from '../../../domain/levels.js';
import { previewFlowdownCheck, recordFlowdownCheck } from '../../../services/flowdown.js';
import { getFlowdownCheck } from '../../../services/flowdown-tree.js';
import { FlowdownCheckInput } from '../../../services/inputs.js';
import type { PagesEnv } from '../env.js';
import { list, opt } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, type FormState } from '../validator.js';

const isLevel = (v: unknown): v is Level => (LEVELS as readonly unknown[]).includes(v);
const isInformation = (v: unknown): v is Information => (INFORMATION as readonly unknown[]).includes(v);

/** rules §7 row for the chosen prime level and information, or null until both are chosen. */
function minimumOf(values: FormValues): FlowdownMinimum | null {
  const level = opt(values.primeLevel);
  const information = opt(values.information);
  return isLevel(level) && isInformation(information) ? subMinimumLevel(level, information) : null;
}

/** The posted form → FlowdownCheckInput: the evidence source decides which evidence fields count. */
function toCheckInput(v: FormValues) {
  const source = opt(v.evidenceSource) ?? 'ATTESTATION';
  const days = opt(v.lookAheadDays);
  return {
    primeContractNumber: opt(v.primeContractNumber) ?? '',
    primeLevel: opt(v.primeLevel) ?? '',
    subcontractor: { cage: opt(v['subcontractor.cage']) ?? '', name: opt(v['subcontractor.name']) ?? '' },
    information: opt(v.information) ?? '',
    asOf: opt(v.asOf) ?? null,
    lookAheadDays: days === undefined ? null : Number(days),
    attestation: source === 'ATTESTATION' ? (opt(v.attestation) ?? '') : null,
    evidence:
      source === 'TYPED'
        ? {
            kind: opt(v['evidence.kind']) ?? '',
            reference: opt(v['evidence.reference']) ?? null,
            uids: list(v['evidence.uids']),
            level: opt(v['evidence.level']) ?? '',
            type: opt(v['evidence.type']) ?? '',
            statusDate: opt(v['evidence.statusDate']) ?? '',
            affirmationDate: opt(v['evidence.affirmationDate']) ?? null,
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
};

/** Plain words for a select left on "- Choose -" (zod's enum message lists the codes). */
const friendlier = (errors: FormErrors, values: FormValues): FormErrors => Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, MISSING[k] && !opt(values[k]) ? MISSING[k] : m]));

function workspaceView(c: Context<PagesEnv>, form: FormState, preview: FlowdownCheckView | null = null): View {
  const props = { csrf: c.var.csrfToken, values: form.values, errors: friendlier(form.errors, form.values), minimum: minimumOf(form.values), preview, today: c.var.ctx.clock.today() };
  return { title: 'New flowdown check', page: <NewFlowdownCheckPage {...props} />, fragment: <FlowdownCheckWorkspace {...props} /> };
}

export function flowdownCheckPages() {
  return (
    new Hono<PagesEnv>()
      // The live hint of rules §7 (htmx swaps it in as the selects change); a plain GET gets it as a page.
      .get('/minimum', (c) => {
        const hint = <MinimumLevelHint minimum={minimumOf({ primeLevel: c.req.query('primeLevel'), information: c.req.query('information') })} />;
        return pageOrFragment(c, { title: "Subcontractor's minimum level", page: hint, fragment: hint });
      })
      .get('/new', (c) => {
        // Pre-filled from a link (the verify page's "use it", the re-check list's "re-check").
        const values: FormValues = { evidenceSource: 'ATTESTATION' };
        for (const k of ['primeContractNumber', 'primeLevel', 'information', 'subcontractor.cage', 'subcontractor.name', 'attestation']) {
          const v = c.req.query(k);
          if (v) values[k] = v;
        }
        return pageOrFragment(c, workspaceView(c, { values, errors: {} }));
      })
      .post('/new', formValidator(FlowdownCheckInput, toCheckInput, workspaceView), async (c) => {
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
