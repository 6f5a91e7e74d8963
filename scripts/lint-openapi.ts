/**
 * `npm run lint:openapi`: writes the OpenAPI document exactly as `GET /api/v1/openapi.json` serves
 * it (from `createApp`, on a migrated in-memory database, without listening) to a temporary file,
 * then lints it with `redocly lint` and the committed redocly.yaml. Exits with redocly's status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../db/client.js';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const database = await createTestDatabase();
const res = await createApp({ database, clock: systemClock() }).request('/api/v1/openapi.json');
database.close();
if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);

const dir = mkdtempSync(join(tmpdir(), 'awardgate-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, await res.text());
const lint = spawnSync(join(root, 'node_modules/.bin/redocly'), ['lint', file, '--config', join(root, 'redocly.yaml')], {
  stdio: 'inherit',
  // No network here or in CI: no usage report, no update check.
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
rmSync(dir, { recursive: true, force: true });
process.exit(lint.status ?? 1);
