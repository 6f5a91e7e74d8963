/**
 * A black-box conformance runner over HTTP: loads each scenario of a suite (test/conformance/
 * public.json) through the public API of a running AwardGate and compares every answer with the
 * scenario's expectation, with the same comparison rules as the shared external runner
 * (conformance.mjs). Used by the scale-out tests (test/scale-out/) against a server on sqld.
 *
 *   npx tsx test/conformance/runner.ts --base http://127.0.0.1:3000 --token <admin token> [FILE]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

type Json = any;

export interface Step {
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
export interface Scenario {
  name: string;
  rule?: string;
  import?: { companies?: Json[]; assessments?: Json[]; nistAssessments?: Json[] };
  steps: Step[];
}
export interface Suite {
  about?: string;
  today?: string;
  scenarios: Scenario[];
}

/** Where the product listens and the administrator token the runner acts with. */
export interface Target {
  base: string;
  token: string;
  /** How requests travel: the network by default; in-process tests pass `app.request`. */
  fetch?: (url: string, init: RequestInit) => Response | Promise<Response>;
}

export const loadSuite = (url: URL | string = new URL('./public.json', import.meta.url)): Suite => JSON.parse(readFileSync(url, 'utf8'));

const sameSet = (a: unknown[] | undefined, b: unknown[] | undefined) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
const codes = (reasons: Json[] | undefined, sev: string): string[] => (reasons ?? []).filter((r) => r.severity === sev).map((r) => r.code);

async function call(t: Target, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await (t.fetch ?? fetch)(t.base + path, {
    method,
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json: Json = null;
  try {
    json = await res.json();
  } catch {
    // no JSON body
  }
  return { status: res.status, json };
}

/** Every difference between a check answer and its expectation, in words (empty when it matches). */
export function compareCheck(got: { status: number; json: Json }, exp: Json, saved: Record<string, string>): string[] {
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

/** Runs one step and returns its differences (empty when it passes). */
export async function runStep(t: Target, step: Step, saved: Record<string, string>): Promise<string[]> {
  const bad: string[] = [];
  if (step.check) {
    const body = { ...step.check };
    if (step.check.uids) body.uids = step.check.uids.map((x: string) => (x.startsWith('$') ? saved[x.slice(1)] : x));
    const got = await call(t, 'POST', '/api/v1/checks', body);
    bad.push(...compareCheck(got, step.expect, saved));
    for (const [name, field] of Object.entries(step.save ?? {})) saved[name] = got.json?.[field];
  } else if (step.applicability) {
    const res = await call(t, 'POST', '/api/v1/applicability', step.applicability);
    if (res.status !== 200) bad.push(`HTTP ${res.status}`);
    else
      for (const [k, v] of Object.entries<Json>(step.expect)) {
        const got = k === 'phase' ? (res.json.phase?.phase ?? null) : res.json[k];
        if (JSON.stringify(got) !== JSON.stringify(v)) bad.push(`${k} ${JSON.stringify(got)}, expected ${JSON.stringify(v)}`);
      }
  } else if (step.flowdown) {
    const res = await call(t, 'POST', '/api/v1/flowdown/required-level', step.flowdown);
    if (res.status !== 200) bad.push(`HTTP ${res.status}`);
    else if ((res.json.subMinimumLevel ?? null) !== step.expect.subMinimumLevel) bad.push(`subMinimumLevel ${res.json.subMinimumLevel}, expected ${step.expect.subMinimumLevel}`);
  } else if (step.postAssessment) {
    const p = step.postAssessment;
    const e = step.expect;
    const res = await call(t, 'POST', `/api/v1/companies/${p.cage}/assessments`, p.body);
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
    const sub = (v: unknown) => (typeof v === 'string' ? v.replace(/\$([A-Za-z0-9_]+)/g, (_, k) => saved[k] ?? `$${k}`) : v);
    const path = sub(q.path) as string;
    const body = q.body === undefined ? undefined : typeof q.body === 'string' ? q.body : JSON.stringify(q.body, (_, v) => sub(v));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (q.token !== 'none') headers.authorization = `Bearer ${q.token === 'admin' || !q.token ? t.token : saved[q.token]}`;
    const res = await (t.fetch ?? fetch)(t.base + path, { method: q.method ?? 'GET', headers, body });
    let json: Json = null;
    try {
      json = await res.json();
    } catch {
      // no JSON body
    }
    const e = step.expect;
    if (e.statusIn ? !e.statusIn.includes(res.status) : res.status !== e.status) bad.push(`HTTP ${res.status}, expected ${JSON.stringify(e.statusIn ?? e.status)} ${JSON.stringify(json)?.slice(0, 200)}`);
    for (const [k, v] of Object.entries<Json>(e.json ?? {})) if (JSON.stringify(json?.[k]) !== JSON.stringify(sub(v))) bad.push(`${k} ${JSON.stringify(json?.[k])}, expected ${JSON.stringify(sub(v))}`);
    if (step.saveTokenAs && json?.apiToken) saved[step.saveTokenAs] = json.apiToken;
    if (step.saveUidAs && json?.uid) saved[step.saveUidAs] = json.uid;
    for (const [name, field] of Object.entries(step.save ?? {})) saved[name] = json?.[field];
  }
  return bad;
}

export interface ScenarioResult {
  name: string;
  passed: number;
  /** One line per failed step: "scenario [step n]: what differed". */
  failures: string[];
}

/** Imports a scenario's records, then runs its steps in order (a failed import fails every step). */
export async function runScenario(t: Target, sc: Scenario): Promise<ScenarioResult> {
  const saved: Record<string, string> = {};
  const imp = sc.import ?? {};
  if ((imp.companies?.length ?? 0) + (imp.assessments?.length ?? 0) + (imp.nistAssessments?.length ?? 0) > 0) {
    const res = await call(t, 'POST', '/api/v1/import', imp);
    if (res.status !== 201) return { name: sc.name, passed: 0, failures: sc.steps.map((_, n) => `${sc.name} [step ${n + 1}]: import answered ${res.status} ${JSON.stringify(res.json)?.slice(0, 400)}`) };
  }
  const out: ScenarioResult = { name: sc.name, passed: 0, failures: [] };
  for (const [n, step] of sc.steps.entries()) {
    let bad: string[];
    try {
      bad = await runStep(t, step, saved);
    } catch (err) {
      bad = [`threw ${err}`];
    }
    if (bad.length) out.failures.push(`${sc.name} [step ${n + 1}]: ${bad.join('; ')}`);
    else out.passed++;
  }
  return out;
}

export async function runSuite(t: Target, suite: Suite, onScenario?: (r: ScenarioResult) => void): Promise<{ passed: number; failed: number; failures: string[] }> {
  let passed = 0;
  const failures: string[] = [];
  for (const sc of suite.scenarios) {
    const r = await runScenario(t, sc);
    passed += r.passed;
    failures.push(...r.failures);
    onScenario?.(r);
  }
  return { passed, failed: failures.length, failures };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { base: { type: 'string' }, token: { type: 'string' } }, allowPositionals: true });
  const { base, token } = values;
  if (!base || !token) {
    console.error('usage: tsx test/conformance/runner.ts --base URL --token ADMIN_TOKEN [SCENARIOS.json]');
    process.exit(2);
  }
  const { passed, failed, failures } = await runSuite({ base, token }, loadSuite(positionals[0] ?? new URL('./public.json', import.meta.url)));
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
