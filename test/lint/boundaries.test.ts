/**
 * The layering rule of eslint.config.js bites: each file under ./fixtures is linted as if it stood
 * at the same path in the project (fixtures/src/domain/impure.ts as src/domain/impure.ts), and the
 * boundary rule must report exactly the import lines marked `// ✗`, no more and no fewer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const RULE = '@typescript-eslint/no-restricted-imports';

const fixtures = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((path) => statSync(join(FIXTURES, path)).isFile())
  .sort();

const markedLines = (text: string) =>
  text
    .split('\n')
    .map((line, i) => (line.includes('// ✗') ? i + 1 : 0))
    .filter(Boolean);

describe('eslint.config.js: the import boundaries of the layering (README "Code tour")', () => {
  const eslint = new ESLint({ cwd: ROOT });

  it('has a bad fixture for each layer', () => {
    expect(fixtures).toEqual([
      'db/imports-tests.ts',
      'src/composes.ts',
      'src/domain/impure.ts',
      'src/routes/api/reaches-down.ts',
      'src/services/reaches-up.ts',
      'views/components/takes-values.tsx',
      'views/labels.ts',
    ]);
  });

  it.each(fixtures)('reports exactly the marked imports of %s', async (path) => {
    const text = readFileSync(join(FIXTURES, path), 'utf8');
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
    const fatal = result.messages.filter((m) => m.fatal);
    expect(fatal).toEqual([]);
    const reported = result.messages.filter((m) => m.ruleId === RULE).map((m) => m.line);
    expect(markedLines(text).length).toBeGreaterThan(0);
    expect(reported).toEqual(markedLines(text));
    for (const m of result.messages.filter((x) => x.ruleId === RULE)) expect(m.severity, `${path}:${m.line}`).toBe(2);
  });

  it('names the layer in the message, so the reader knows which rule was broken', async () => {
    const [result] = await eslint.lintText("import { LEVEL_LABEL } from '../../src/domain/levels.js';\nexport const x = LEVEL_LABEL;\n", {
      filePath: join(ROOT, 'views/components/example.tsx'),
    });
    expect(result.messages.map((m) => m.message)).toEqual([
      "'../../src/domain/levels.js' import is restricted from being used by a pattern. views/ imports only *types* from src/domain (`import type`); labels belong in views/labels.ts.",
    ]);
  });
});
