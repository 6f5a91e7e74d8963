// @ts-check
/**
 * ESLint (flat config): typescript-eslint's recommended rules, not type-aware (the lint stays well
 * under a minute on two cores), and the layering of the README as import boundaries:
 *
 *   src/domain   luxon, zod, csv-parse, node built-ins, its own files and its data tables; nothing else
 *   src/services domain and db, never routes or views
 *   src/routes   services, domain, views; never db
 *   views/       other views and *types* from src/domain (views/labels.ts may take values too)
 *   src/, views/, db/   never seeds/ or test/ (nor the domain's test-only record factories)
 *
 * The boundaries match import specifiers (every import in the tree is relative, with a `.js`
 * suffix). test/lint/boundaries.test.ts lints deliberately bad files (test/lint/fixtures/) as if
 * they sat in each folder, so a rule that stops biting fails `npm test`.
 *
 * Violations that existed when the rule arrived are listed in eslint-suppressions.json (ESLint's
 * bulk suppressions): they stay visible there, and any new one fails `npm run lint`.
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const RULE = '@typescript-eslint/no-restricted-imports';

/** @typedef {{ regex: string; message: string; allowTypeImports?: boolean }} Restriction */

/** @type {Record<string, Restriction>} */
const R = {
  seedsOrTest: {
    regex: '(^|/)(seeds|test)/',
    message: 'Nothing in src/, views/ or db/ imports seeds/ or test/ (README "Code tour").',
  },
  testFixtures: {
    regex: '(^|/)test-fixtures(\\.js)?$',
    message: 'src/domain/test-fixtures.ts is for tests only (*.test.ts).',
  },
  domainOnly: {
    // Anything but luxon, zod, csv-parse (its CSV data tables), node built-ins, a sibling module or a data table.
    regex: '^(?!(luxon|zod(/.*)?|csv-parse/sync|node:[a-z_/]+|\\./[^/]+|\\.\\./data/[^/]+\\.json)$)',
    message: 'src/domain is pure: it imports only luxon, zod, csv-parse (to read its own data), node built-ins, its own modules and its data tables (no db, Hono, services, routes or views).',
  },
  domainTestOnly: {
    regex: '^(?!(luxon|zod(/.*)?|csv-parse/sync|node:[a-z_/]+|\\./[^/]+|\\.\\./data/[^/]+\\.json|vitest|fast-check)$)',
    message: 'A domain test imports what the domain may, plus vitest and fast-check.',
  },
  routesOrViews: {
    regex: '(^|/)(routes|views)/',
    message: 'src/services never imports routes or views: routes call services, not the other way round.',
  },
  db: {
    regex: '(^|/)db/',
    message: 'src/routes reaches the database only through src/services.',
  },
  srcButDomain: {
    regex: '(^|/)src/(?!domain/)',
    message: 'views/ imports only other views and types from src/domain (services hand views plain data).',
  },
  domainTypes: {
    regex: '(^|/)src/domain/',
    allowTypeImports: true,
    message: 'views/ imports only *types* from src/domain (`import type`); labels belong in views/labels.ts.',
  },
  dbFromViews: {
    regex: '(^|/)db/',
    message: 'views/ never imports db/: views render what the routes hand them.',
  },
};

/** @param {Restriction[]} patterns */
const boundary = (patterns) => ({ [RULE]: ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'bench/out/', 'test-results/', 'db/migrations/', 'docs/', 'test/lint/fixtures/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // API answers are untyped JSON in tests; typing every probe would add casts, not checks.
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Browser scripts served from views/assets (no modules, no bundler).
    files: ['views/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, htmx: 'readonly' } },
  },

  // The layering (one rule configuration per file: later blocks override earlier ones).
  { files: ['src/**/*.{ts,tsx}', 'db/**/*.ts'], rules: boundary([R.seedsOrTest, R.testFixtures]) },
  { files: ['src/domain/**/*.ts'], rules: boundary([R.domainOnly]) },
  { files: ['src/domain/**/*.test.ts'], rules: boundary([R.domainTestOnly]) },
  { files: ['src/services/**/*.ts'], rules: boundary([R.routesOrViews, R.seedsOrTest, R.testFixtures]) },
  { files: ['src/routes/**/*.{ts,tsx}'], rules: boundary([R.db, R.seedsOrTest, R.testFixtures]) },
  { files: ['views/**/*.{ts,tsx}'], rules: boundary([R.srcButDomain, R.domainTypes, R.dbFromViews, R.seedsOrTest]) },
  { files: ['views/labels.ts'], rules: boundary([R.srcButDomain, R.dbFromViews, R.seedsOrTest]) },
);
