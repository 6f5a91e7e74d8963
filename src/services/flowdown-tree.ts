/**
 * The multi-tier tree (rules §7 "subs record their own subs, so the chain forms a tree"): when Y
 * issues an attestation it may list ids of flowdown checks Y recorded on its own subs
 * (`flowdownCheckIds`). When X records a check on Y with that attestation, a link X's check → each
 * shared check is stored. X's tree is its own checks, each with the checks shared through its
 * evidence, recursively (a shared check carries the checks shared with it: sharing a check shares
 * the tier below it).
 */
import { eq, inArray } from 'drizzle-orm';
import { flowdownChecks } from '../../db/schema.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { notFound } from './errors.js';
import { linksOf, ownRows, present, readerCompany, type FlowdownFilter, type FlowdownTreeNode, type PresentedFlowdownCheck } from './flowdown.js';

/**
 * The caller's checks with, beneath each, the checks its subs shared through the attestation the
 * check relied on, recursively across tiers. Links only point at checks that existed before their
 * parent, so the tree has no cycles; a guard stops any repeat on a path all the same.
 */
export async function flowdownTree(ctx: ServiceContext, actor: Actor, filter: FlowdownFilter = {}): Promise<{ roots: FlowdownTreeNode[] }> {
  const company = readerCompany(actor);
  const roots = await ownRows(ctx, company, filter);
  const rows = new Map(roots.map((r) => [r.id, r]));
  const links = new Map<string, { childId: string; jti: string }[]>();
  let frontier = roots.map((r) => r.id);
  while (frontier.length) {
    const found = await linksOf(ctx, frontier);
    for (const [k, v] of found) links.set(k, v);
    const next = [...new Set([...found.values()].flat().map((l) => l.childId))].filter((id) => !rows.has(id));
    if (next.length) for (const r of await ctx.database.db.select().from(flowdownChecks).where(inArray(flowdownChecks.id, next))) rows.set(r.id, r);
    frontier = next;
  }
  const build = (id: string, tier: number, via: string | null, path: Set<string>): FlowdownTreeNode => {
    const row = rows.get(id)!;
    const kids = (links.get(id) ?? []).filter((l) => !path.has(l.childId) && rows.has(l.childId));
    const own = company === null || row.primeHlo === company;
    return {
      check: present(row, (links.get(id) ?? []).map((l) => l.childId), own, ctx.clock.zone),
      tier,
      sharedVia: via,
      children: kids.map((l) => build(l.childId, tier + 1, l.jti, new Set([...path, l.childId]))),
    };
  };
  return { roots: roots.map((r) => build(r.id, 1, null, new Set([r.id]))) };
}

/** One check: the caller's company's own, or one shared with it somewhere in its tree; else 404. */
export async function getFlowdownCheck(ctx: ServiceContext, actor: Actor, id: string): Promise<PresentedFlowdownCheck> {
  const company = readerCompany(actor);
  const [row] = await ctx.database.db.select().from(flowdownChecks).where(eq(flowdownChecks.id, id));
  if (!row) throw notFound('No such flowdown check');
  const links = (await linksOf(ctx, [row.id])).get(row.id) ?? [];
  if (company === null || row.primeHlo === company) return present(row, links.map((l) => l.childId), true, ctx.clock.zone);
  const stack: FlowdownTreeNode[] = [...(await flowdownTree(ctx, actor)).roots];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.check.id === id) return n.check;
    stack.push(...n.children);
  }
  throw notFound('No such flowdown check');
}
