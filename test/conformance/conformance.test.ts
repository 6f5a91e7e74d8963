/**
 * The public conformance scenarios (test/conformance/public.json) run in-process through
 * `app.request()`: an in-process port of the black-box runner's comparison logic (the shared
 * conformance.mjs), so `npx vitest run` proves what the external runner proves. As in that runner,
 * every scenario loads into one database, in file order, with "today" pinned to the file's `today`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.js';

type Json = any;
interface Step {
  check?: Json;
  applicability?: Json;
  flowdown?: Json;
  postAssessment?: { cage: string; body: Json };
  request?: { method?: string; path: string; body?: Json; token?: string };
  expect: Json;
  save?: Record<string, string>;
  saveUidAs?: string;
  saveTokenAs?: string;
}
interface Scenario {
  name: string;
  import?: { companies?: Json[]; assessments?: Json[]; nistAssessments?: Json[] };
  steps: Step[];
}
const suite: { today?: string; scenarios: Scenario[] } = JSON.parse(readFileSync(new URL('./public.json', import.meta.url), 'utf8'));

const sameSet = (a: unknown[] | undefined, b: unknown[] | undefined) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
const codes = (reasons: Json[] | undefined, sev: string): string[] => (reasons ?? []).filter((r) => r.severity === sev).map((r) => r.code);

/** The runner's compareCheck: every difference between the answer and the expectation, in words. */
function compareCheck(got: { status: number; json: Json }, exp: Json, saved: Record<string, string>): string[] {
  const bad: string[] = [];
  if (got.status !== 200) return [`HTTP ${got.status} ${JSON.stringify(got.json)?.slice(0, 300)}`];
  const r = got.json;
  if (r.eligible !== exp.eligible) bad.push(`eligible ${r.eligible}, expected ${exp.eligible}`);
  if (exp.offerWarningsInclude) for (const w of exp.offerWarningsInclude) if (!codes(r.reasons, 'warning').includes(w)) bad.push(`offer warning ${w} missing`);
  if (exp.offerErrors && !sameSet(codes(r.reasons, 'error'), exp.offerErrors)) bad.push(`offer errors ${JSON.stringify(codes(r.reasons, 'error'))}, expected ${JSON.stringify(exp.offerErrors)}`);
  for (const [rawUid, e] of Object.entries<Json>(exp.uids ?? {})) {
    const uid = rawUid.startsWith('$') ? saved[rawUid.slice(1)] : rawUid;
    const row = (r.uids ?? []).find((x: Json) => x.uid === uid);
    if (!row) {
      bad.push(`${uid}: missing from answer`);
      continue;
    }
    if (row.eligible !== e.eligible) bad.push(`${uid}: eligible ${row.eligible}, expected ${e.eligible}`);
    if (!sameSet(codes(row.reasons, 'error'), e.errors)) bad.push(`${uid}: errors ${JSON.stringify(codes(row.reasons, 'error'))}, expected ${JSON.stringify(e.errors)}`);
    for (const w of e.warningsInclude ?? []) if (!codes(row.reasons, 'warning').includes(w)) bad.push(`${uid}: warning ${w} missing`);
    if (e.warnings && !sameSet(codes(row.reasons, 'warning'), e.warnings)) bad.push(`${uid}: warnings ${JSON.stringify(codes(row.reasons, 'warning'))}, expected ${JSON.stringify(e.warnings)}`);
    if (e.infos && !sameSet(codes(row.reasons, 'info'), e.infos)) bad.push(`${uid}: infos ${JSON.stringify(codes(row.reasons, 'info'))}, expected ${JSON.stringify(e.infos)}`);
    for (const w of e.infosInclude ?? []) if (!codes(row.reasons, 'info').includes(w)) bad.push(`${uid}: info ${w} missing`);
    if ('currentThrough' in e && (row.status?.currentThrough ?? null) !== e.currentThrough) bad.push(`${uid}: currentThrough ${row.status?.currentThrough ?? null}, expected ${e.currentThrough}`);
  }
  for (const [cage, e] of Object.entries<Json>(exp.nist ?? {})) {
    const row = (r.nist ?? []).find((x: Json) => x.cage === cage);
    if (!row) {
      bad.push(`nist ${cage}: missing`);
      continue;
    }
    if (row.eligible !== e.eligible) bad.push(`nist ${cage}: eligible ${row.eligible}, expected ${e.eligible}`);
    if (!sameSet(codes(row.reasons, 'error'), e.errors)) bad.push(`nist ${cage}: errors ${JSON.stringify(codes(row.reasons, 'error'))}, expected ${JSON.stringify(e.errors)}`);
  }
  return bad;
}

/** One step, as the runner executes and compares it; returns the differences (empty when it passes). */
async function runStep(env: TestEnv, step: Step, saved: Record<string, string>): Promise<string[]> {
  const bad: string[] = [];
  if (step.check) {
    const body = { ...step.check };
    if (step.check.uids) body.uids = step.check.uids.map((x: string) => (x.startsWith('$') ? saved[x.slice(1)] : x));
    const got = await env.api('POST', '/api/v1/checks', body);
    bad.push(...compareCheck(got, step.expect, saved));
    for (const [name, field] of Object.entries(step.save ?? {})) saved[name] = got.json?.[field];
  } else if (step.applicability) {
    const res = await env.api('POST', '/api/v1/applicability', step.applicability);
    if (res.status !== 200) bad.push(`HTTP ${res.status}`);
    else
      for (const [k, v] of Object.entries<Json>(step.expect)) {
        const got = k === 'phase' ? (res.json.phase?.phase ?? null) : res.json[k];
        if (JSON.stringify(got) !== JSON.stringify(v)) bad.push(`${k} ${JSON.stringify(got)}, expected ${JSON.stringify(v)}`);
      }
  } else if (step.flowdown) {
    const res = await env.api('POST', '/api/v1/flowdown/required-level', step.flowdown);
    if (res.status !== 200) bad.push(`HTTP ${res.status}`);
    else if ((res.json.subMinimumLevel ?? null) !== step.expect.subMinimumLevel) bad.push(`subMinimumLevel ${res.json.subMinimumLevel}, expected ${step.expect.subMinimumLevel}`);
  } else if (step.postAssessment) {
    const p = step.postAssessment;
    const e = step.expect;
    const res = await env.api('POST', `/api/v1/companies/${p.cage}/assessments`, p.body);
    if (res.status !== e.status) bad.push(`HTTP ${res.status}, expected ${e.status} ${JSON.stringify(res.json)?.slice(0, 300)}`);
    else if (res.status === 201) {
      if (e.type && res.json.type !== e.type) bad.push(`type ${res.json.type}, expected ${e.type}`);
      if (e.score !== undefined && res.json.score !== e.score) bad.push(`score ${res.json.score}, expected ${e.score}`);
      if (e.poam && !sameSet(res.json.poam, e.poam)) bad.push(`poam ${JSON.stringify(res.json.poam)}, expected ${JSON.stringify(e.poam)}`);
      const blocking = (res.json.blocking ?? []).map((x: Json) => (typeof x === 'string' ? x : (x?.requirement ?? x?.id)));
      for (const b of e.blockingInclude ?? []) if (!blocking.includes(b)) bad.push(`blocking lacks ${b}`);
      if (step.saveUidAs) saved[step.saveUidAs] = res.json.uid;
    }
  } else if (step.request) {
    const q = step.request;
    const sub = (v: unknown) => (typeof v === 'string' ? v.replace(/\$([A-Za-z0-9_]+)/g, (_, k: string) => saved[k] ?? `$${k}`) : v);
    const path = sub(q.path) as string;
    const body = q.body === undefined ? undefined : typeof q.body === 'string' ? q.body : JSON.stringify(q.body, (_, v) => sub(v));
    const token = q.token === 'none' ? null : q.token === 'admin' || !q.token ? undefined : saved[q.token];
    const res = await env.api(q.method ?? 'GET', path, body, token);
    // The runner reads the body with res.json(): anything that is not JSON counts as null.
    const json = typeof res.json === 'string' ? null : res.json;
    const e = step.expect;
    if (e.statusIn ? !e.statusIn.includes(res.status) : res.status !== e.status)
      bad.push(`HTTP ${res.status}, expected ${JSON.stringify(e.statusIn ?? e.status)} ${JSON.stringify(json)?.slice(0, 200)}`);
    for (const [k, v] of Object.entries<Json>(e.json ?? {})) if (JSON.stringify(json?.[k]) !== JSON.stringify(sub(v))) bad.push(`${k} ${JSON.stringify(json?.[k])}, expected ${JSON.stringify(sub(v))}`);
    if (step.saveTokenAs && json?.apiToken) saved[step.saveTokenAs] = json.apiToken;
    if (step.saveUidAs && json?.uid) saved[step.saveUidAs] = json.uid;
    for (const [name, field] of Object.entries(step.save ?? {})) saved[name] = json?.[field];
  } else {
    bad.push(`unknown step kind: ${Object.keys(step).join(', ')}`);
  }
  return bad;
}

describe('conformance scenarios (test/conformance/public.json)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(suite.today ?? '2026-11-23');
  });
  afterAll(() => env?.close());

  it('the suite has scenarios, each with steps', () => {
    expect(suite.scenarios.length).toBeGreaterThan(0);
    for (const sc of suite.scenarios) expect(sc.steps.length, sc.name).toBeGreaterThan(0);
  });

  for (const sc of suite.scenarios) {
    describe(sc.name, () => {
      const saved: Record<string, string> = {};
      beforeAll(async () => {
        const imp = sc.import ?? {};
        if ((imp.companies?.length ?? 0) + (imp.assessments?.length ?? 0) + (imp.nistAssessments?.length ?? 0) > 0) {
          const res = await env.api('POST', '/api/v1/import', imp);
          if (res.status !== 201) throw new Error(`import answered ${res.status} ${JSON.stringify(res.json)?.slice(0, 400)}`);
        }
      });
      sc.steps.forEach((step, n) => {
        it(`${sc.name} [step ${n + 1}]`, async () => {
          expect(await runStep(env, step, saved)).toEqual([]);
        });
      });
    });
  }
});
