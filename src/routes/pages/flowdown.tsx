/**
 * Flowdown check pages (rules §7; 32 CFR 170.23; api.md "Flowdown checks"): the contractor acting as
 * prime previews a check (verified facts and the decision with every reason), records it (immutable),
 * and reads its register (CSV too), the tree across tiers and the re-check list.
 */
import { Hono, type Context } from 'hono';
import { FlowdownCheckPage } from '../../../views/pages/flowdown/check.js';
import { FlowdownCheckWorkspace, NewFlowdownCheckPage } from '../../../views/pages/flowdown/new-check.js';
import { FlowdownRegisterPage, REGISTER_SORTS, type RegisterSort } from '../../../views/pages/flowdown/register.js';
import { RecheckPage } from '../../../views/pages/flowdown/recheck.js';
import { FlowdownTreePage } from '../../../views/pages/flowdown/tree.js';
import { MinimumLevelHint, type FlowdownCheckView } from '../../../views/components/flowdown.js';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { parsePaging, parseSort } from '../../../views/components/table.js';
import { subMinimumLevel, type FlowdownMinimum } from '../../domain/flowdown.js';
import { INFORMATION, LEVELS, type Information, type Level } from '../../domain/levels.js';
import { ServiceError } from '../../services/errors.js';
import { listFlowdownChecks, previewFlowdownCheck, recordFlowdownCheck, type PresentedFlowdownCheck } from '../../services/flowdown.js';
import { flowdownRegisterCsv, recheckList } from '../../services/flowdown-register.js';
import { flowdownTree, getFlowdownCheck } from '../../services/flowdown-tree.js';
import { FlowdownCheckInput, FlowdownRecheckQuery } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { fieldErrors } from './attestations.js';
import { list, opt, parseForm } from './forms.js';
import { pageOrFragment } from './render.js';
import { requireUser } from './session.js';

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

/** Messages for the form: every message on a field is kept (a tampered token has more than one reason). */
function serviceMessages(e: unknown): FormErrors | null {
  if (!(e instanceof ServiceError)) return null;
  const errors: FormErrors = {};
  for (const x of e.errors) errors[x.path] = errors[x.path] ? `${errors[x.path]}; ${x.message}` : x.message;
  if (!e.errors.length || e.kind !== 'validation') errors._form = e.message;
  else errors._form ??= e.message;
  return errors;
}

const MISSING: Record<string, string> = {
  primeLevel: 'Choose the level your prime contract requires',
  information: 'Choose what information the subcontractor will handle',
  'evidence.kind': 'Choose the kind of evidence',
  'evidence.level': 'Choose the level the evidence shows',
  'evidence.type': 'Choose the status the evidence shows',
};

/** Plain words for a select left on "- Choose -" (zod's enum message lists the codes). */
const friendlier = (errors: FormErrors, values: FormValues): FormErrors =>
  Object.fromEntries(Object.entries(fieldErrors(errors)).map(([k, m]) => [k, MISSING[k] && !opt(values[k]) ? MISSING[k] : m]));

async function notFoundPage(c: Context<AppEnv>) {
  c.status(404);
  return c.render(
    <>
      <h1>Flowdown check not found</h1>
      <p>
        There is no flowdown check here that your company may see. <a href="/flowdown">Go to your register</a>.
      </p>
    </>,
    { title: 'Not found' },
  );
}

const REGISTER_ORDER: Record<RegisterSort, (a: PresentedFlowdownCheck, b: PresentedFlowdownCheck) => number> = {
  decidedAt: (a, b) => a.decidedAt.localeCompare(b.decidedAt),
  primeContractNumber: (a, b) => a.primeContractNumber.localeCompare(b.primeContractNumber) || a.decidedAt.localeCompare(b.decidedAt),
  subcontractor: (a, b) => a.subcontractor.name.localeCompare(b.subcontractor.name) || a.subcontractor.cage.localeCompare(b.subcontractor.cage),
  decision: (a, b) => Number(a.mayAward) - Number(b.mayAward) || a.decidedAt.localeCompare(b.decidedAt),
};

export function flowdownPages() {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser('CONTRACTOR'));

  const filterOf = (c: Context<AppEnv>) => ({ primeContractNumber: c.req.query('primeContractNumber') ?? null, subCage: c.req.query('subCage') ?? null });

  app.get('/', async (c) => {
    const q = (k: string) => c.req.query(k);
    // Newest first unless the reader chose another order.
    const sort = q('sort') ? parseSort(q, REGISTER_SORTS, 'decidedAt') : { sort: 'decidedAt' as const, dir: 'desc' as const };
    const paging = parsePaging(q);
    const filter = filterOf(c);
    const all = await listFlowdownChecks(c.var.ctx, c.var.actor!, filter);
    const sorted = [...all].sort((a, b) => (sort.dir === 'asc' ? 1 : -1) * REGISTER_ORDER[sort.sort](a, b));
    return c.render(
      <FlowdownRegisterPage
        rows={sorted.slice(paging.offset, paging.offset + paging.pageSize)}
        paging={{ page: paging.page, pageSize: paging.pageSize, total: all.length }}
        sort={sort}
        filter={{ primeContractNumber: filter.primeContractNumber ?? '', subCage: filter.subCage ?? '' }}
        filtered={Boolean(filter.primeContractNumber?.trim() || filter.subCage?.trim())}
      />,
      { title: 'Flowdown checks' },
    );
  });

  app.get('/register.csv', async (c) => {
    const csv = await flowdownRegisterCsv(c.var.ctx, c.var.actor!, filterOf(c));
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="flowdown-register.csv"' });
  });

  // The live hint of rules §7 (htmx swaps it in as the selects change); a plain GET gets it as a page.
  app.get('/minimum', (c) => {
    const hint = <MinimumLevelHint minimum={minimumOf({ primeLevel: c.req.query('primeLevel'), information: c.req.query('information') })} />;
    return pageOrFragment(c, "Subcontractor's minimum level", <>{hint}</>, hint);
  });

  const workspace = (c: Context<AppEnv>, values: FormValues, errors: FormErrors, preview: FlowdownCheckView | null, status: 200 | 422) => {
    const props = { csrf: c.var.csrfToken, values, errors, minimum: minimumOf(values), preview, today: c.var.ctx.clock.today() };
    return pageOrFragment(c, 'New flowdown check', <NewFlowdownCheckPage {...props} />, <FlowdownCheckWorkspace {...props} />, status);
  };

  app.get('/new', (c) => {
    // Pre-filled from a link (the verify page's "use it", the re-check list's "re-check").
    const values: FormValues = { evidenceSource: 'ATTESTATION' };
    for (const k of ['primeContractNumber', 'primeLevel', 'information', 'subcontractor.cage', 'subcontractor.name', 'attestation']) {
      const v = c.req.query(k);
      if (v) values[k] = v;
    }
    return workspace(c, values, {}, null, 200);
  });

  app.post('/new', async (c) => {
    const form = await parseForm(c, FlowdownCheckInput, toCheckInput);
    const values = form.values;
    if (!form.ok) return workspace(c, values, friendlier(form.errors, values), null, 422);
    try {
      if (opt(values.record) === '1') {
        const check = await recordFlowdownCheck(c.var.ctx, c.var.actor!, form.data);
        return c.redirect(`/flowdown/checks/${check.id}?recorded=1`, 303);
      }
      return workspace(c, values, {}, await previewFlowdownCheck(c.var.ctx, c.var.actor!, form.data), 200);
    } catch (e) {
      const errors = serviceMessages(e);
      if (!errors) throw e;
      return workspace(c, values, fieldErrors(errors), null, 422);
    }
  });

  app.get('/checks/:id', async (c) => {
    try {
      const check = await getFlowdownCheck(c.var.ctx, c.var.actor!, c.req.param('id'));
      const notice = c.req.query('recorded') ? 'Recorded. This check can no longer be changed.' : null;
      return c.render(<FlowdownCheckPage check={check} own={check.primeCage === c.var.actor!.companyHlo} notice={notice} />, { title: `Flowdown check ${check.primeContractNumber}` });
    } catch (e) {
      if (e instanceof ServiceError && e.kind === 'not_found') return notFoundPage(c);
      throw e;
    }
  });

  app.get('/tree', async (c) => {
    const { roots } = await flowdownTree(c.var.ctx, c.var.actor!);
    return c.render(<FlowdownTreePage roots={roots} />, { title: 'Flowdown tree' });
  });

  app.get('/recheck', async (c) => {
    const raw = c.req.query('days');
    const q = FlowdownRecheckQuery.safeParse({ days: raw === undefined || raw.trim() === '' ? undefined : raw });
    const errors: FormErrors = q.success ? {} : { days: 'Enter a whole number of days from 0 to 3650' };
    const days = q.success ? q.data.days : undefined;
    const r = await recheckList(c.var.ctx, c.var.actor!, { days });
    c.status(q.success ? 200 : 422);
    return c.render(<RecheckPage asOf={r.asOf} days={r.days} items={r.items} values={{ days: raw ?? String(r.days) }} errors={errors} />, { title: 'Re-check list' });
  });

  return app;
}
