// `npm run emass:sync`: one eMASS sync with the server's settings (the environment, parsed by
// src/config.ts). Prints the run's counts; exits 0 when it succeeded, 1 when it failed, 2 when
// EMASS_URL is not set, 3 when another run held the lease (`--wait <seconds>` waits for it instead).
// `--stats` adds the CPU time the sync took and the process's peak resident memory (the bench reads them).
import { createDatabase, migrateDatabase } from '../db/client.js';
import { systemClock } from '../src/clock.js';
import { emassSettings, loadConfig } from '../src/config.js';
import { syncNow } from '../src/services/emass/runs.js';

const waitArg = process.argv.indexOf('--wait');
const waitSeconds = waitArg >= 0 ? Number(process.argv[waitArg + 1]) : 0;
if (!(waitSeconds >= 0)) {
  console.error('--wait takes a number of seconds');
  process.exit(2);
}

const config = loadConfig(process.env);
const settings = emassSettings(config);
if (!settings) {
  console.error('EMASS_URL is not set: there is no eMASS to sync from.');
  process.exit(2);
}
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
await migrateDatabase(database);
const ctx = { database, clock: systemClock(config.RULES_TIME_ZONE, config.APP_TODAY ?? null) };

const until = Date.now() + waitSeconds * 1000;
const cpu0 = process.cpuUsage();
let result = await syncNow(ctx, settings);
while (result.busy && Date.now() < until) {
  await new Promise((r) => setTimeout(r, 1000));
  result = await syncNow(ctx, settings);
}
database.close();
if (result.busy) {
  console.error('Another eMASS sync is running (it holds the lease); try again when it has finished.');
  process.exit(3);
}
const { run } = result;
const c = run.counts;
console.log(`eMASS sync run ${run.id} ${run.outcome} (records changed since ${run.sinceDate}): ${c.added} added, ${c.updated} updated, ${c.withdrawn} withdrawn, ${c.unchanged} unchanged, ${c.quarantined} quarantined`);
for (const q of run.quarantined.slice(0, 20)) console.log(`  quarantined ${q.cmmcUid ?? '(no UID)'} ${q.operation ?? ''}: ${q.reason}`);
if (run.quarantined.length > 20) console.log(`  … and ${run.quarantined.length - 20} more quarantined`);
for (const w of run.warnings.slice(0, 20)) console.log(`  warning: ${w}`);
if (run.error) console.error(`error: ${run.error}`);
if (process.argv.includes('--stats')) {
  const cpu = process.cpuUsage(cpu0);
  console.log(`stats: cpuSeconds=${((cpu.user + cpu.system) / 1e6).toFixed(3)} peakRssMiB=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
}
process.exit(run.outcome === 'SUCCEEDED' ? 0 : 1);
