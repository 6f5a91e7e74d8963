/**
 * The administrator's "eMASS feed" page (issue 9): the settings in force (never the key), the runs,
 * the open quarantine, and "Sync now". A sync can take minutes, so the button starts it and answers
 * at once with its progress, which htmx polls from the run row until the run ends.
 */
import { Hono, type Context } from 'hono';
import { EmassPage, SyncProgress, type RunRow } from '../../../../views/pages/admin/emass.js';
import { dateInZone } from '../../../domain/dates.js';
import { countRuns, listRuns, openQuarantine, runningRun, syncNow, type EmassRun, type SyncResult } from '../../../services/emass/runs.js';
import type { PagesEnv } from '../env.js';
import { parsePaging, queryOf } from '../paging.js';
import { isHtmx, pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';

const rowOf = (r: EmassRun, zone: string): RunRow => ({
  id: r.id,
  startedAt: r.startedAt,
  startedOn: dateInZone(r.startedAt, zone),
  sinceOn: dateInZone(r.sinceDate, zone),
  outcome: r.outcome,
  counts: r.counts,
  warnings: r.warnings,
  error: r.error,
});

const NOT_CONFIGURED = 'The eMASS feed is not configured: set EMASS_URL, EMASS_API_KEY and EMASS_USER_UID, then restart.';
const BUSY = 'Another eMASS sync is in progress; its progress is shown below.';

async function progressOf(c: Context<PagesEnv>, message: string | null = null) {
  const zone = c.var.ctx.clock.zone;
  const running = await runningRun(c.var.ctx);
  const [last] = running ? [] : await listRuns(c.var.ctx, { limit: 1, quarantinedPerRun: 0 });
  return <SyncProgress running={running ? rowOf(running, zone) : null} last={last ? rowOf(last, zone) : null} message={message} />;
}

async function emassView(c: Context<PagesEnv>, message: string | null = null): Promise<View> {
  const { ctx, emass } = c.var;
  const paging = parsePaging(queryOf(c), 20);
  const [runs, total, quarantine, running] = await Promise.all([
    listRuns(ctx, { limit: paging.pageSize, offset: paging.offset, quarantinedPerRun: 0 }),
    countRuns(ctx),
    openQuarantine(ctx, { limit: 200 }),
    runningRun(ctx),
  ]);
  const settings = emass
    ? { url: emass.url, userUid: emass.userUid, clientCertificate: emass.clientCertFile !== null, syncMinutes: emass.syncMinutes, since: emass.since }
    : null;
  return {
    title: 'eMASS feed',
    page: (
      <EmassPage
        settings={settings}
        csrf={c.var.csrfToken}
        running={running ? rowOf(running, ctx.clock.zone) : null}
        runs={runs.map((r) => rowOf(r, ctx.clock.zone))}
        paging={{ ...paging, total }}
        quarantine={quarantine.map((q) => ({ ...q, seenOn: dateInZone(q.seenAt, ctx.clock.zone) }))}
        message={message}
      />
    ),
  };
}

/** Resolves once the started run is visible as a row (or has already ended), so the first progress answer shows it. */
async function started(c: Context<PagesEnv>, sync: Promise<SyncResult | null>): Promise<SyncResult | null | 'running'> {
  let settled: SyncResult | null | undefined;
  void sync.then((r) => (settled = r));
  for (let i = 0; i < 100 && settled === undefined; i++) {
    if (await runningRun(c.var.ctx)) return 'running';
    await new Promise((r) => setTimeout(r, 20));
  }
  return settled ?? 'running';
}

export function adminEmassPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('emass.sync'))
    .get('/', async (c) => pageOrFragment(c, await emassView(c)))
    .get('/progress', async (c) => c.html(await progressOf(c)))
    .post('/sync', async (c) => {
      const settings = c.var.emass;
      // The page answers 409 (the deployment's state refuses the request), not a 5xx: nothing failed.
      if (!settings) return isHtmx(c) ? c.html(await progressOf(c, NOT_CONFIGURED), 409) : pageOrFragment(c, await emassView(c, NOT_CONFIGURED), 409);
      // The run outlives this request; it records its own failure on its row, so nothing is lost by not awaiting it.
      const sync = syncNow(c.var.ctx, settings).catch(() => null);
      const result = await started(c, sync);
      const message = result !== 'running' && result?.busy ? BUSY : null;
      if (!isHtmx(c)) return message ? pageOrFragment(c, await emassView(c, message)) : c.redirect('/admin/emass', 303);
      return c.html(await progressOf(c, message));
    });
}
