/**
 * `npm run build` (run by `prestart`): the server's TypeScript (src/, db/, views/) as JavaScript
 * under dist/, in the same tree, so `npm start` runs plain node without tsx's loader thread and
 * its transpiler (decision 0016: about 40 MiB of resident memory, issue 14). Each file is
 * transpiled alone (esbuild, no bundle, no type check: `npm run typecheck` does that), so every
 * `import.meta.url` path keeps its meaning; what the server reads beside its code is linked into
 * dist/ from where it lives.
 *
 * Safe while another server runs from dist/ (browser and scale-out tests start several): a file
 * whose output did not change is not touched, and a changed one is replaced by a rename, never
 * seen half-written.
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');
const SOURCES = ['src', 'db', 'views'];
/** Read at run time relative to the code (import.meta.url), or the backup child's script (run by tsx). */
const LINKED = ['node_modules', 'src/data', 'db/migrations', 'views/assets', 'db/backup.ts'];

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return LINKED.includes(path) ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(ROOT, path)] : [];
  });

function link(path: string) {
  const at = join(OUT, path);
  const target = relative(dirname(at), join(ROOT, path));
  mkdirSync(dirname(at), { recursive: true });
  try {
    if (readlinkSync(at) === target) return;
  } catch {
    // not there yet
  }
  const tmp = `${at}.${process.pid}.tmp`;
  symlinkSync(target, tmp);
  renameSync(tmp, at);
}

const started = performance.now();
const result = await build({
  entryPoints: SOURCES.flatMap(sources),
  outdir: OUT,
  outbase: ROOT,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Node 20 reads `import … with { type: 'json' }` (src/domain/calendar.ts); esbuild's table says 22.
  supported: { 'import-attributes': true },
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  // No source maps: V8 keeps every module's text, and the output keeps the sources' lines and names.
  write: false,
  logLevel: 'warning',
});
let written = 0;
for (const file of result.outputFiles) {
  let same = false;
  try {
    same = readFileSync(file.path).equals(file.contents);
  } catch {
    // a new file
  }
  if (same) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
  written++;
}
for (const path of LINKED) link(path);
console.error(`build: ${result.outputFiles.length} files to dist/ (${written} changed) in ${Math.round(performance.now() - started)} ms`);
