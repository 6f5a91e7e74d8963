// `npm run audit:verify`: recompute the hash chains of recorded verifications and the audit log.
// Exit 0 when both chains are intact; 1 with each broken link listed.
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { verifyChains } from '../src/services/checks.js';
import { createDatabase } from './client.js';

const config = loadConfig(process.env);
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
const result = await verifyChains({ database, clock: systemClock(config.RULES_TIME_ZONE) });
database.close();
if (result.ok) console.log(`hash chains intact (${config.DATABASE_URL})`);
else {
  for (const p of result.problems) console.error(p);
  process.exit(1);
}
