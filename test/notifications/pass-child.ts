/**
 * The daily pass in a process of its own, for the crash test: `stop` makes it wait to be killed
 * (SIGKILL) right after the outbox is committed (`after-outbox`) or right after the relay accepted
 * the first message, before it is marked sent (`after-send`). Otherwise it prints the pass's result.
 *
 *   node --import tsx test/notifications/pass-child.ts <db url> <smtp url> <day> <instant> [stop]
 */
import { createDatabase } from '../../db/client.js';
import { fixedClock } from '../../src/clock.js';
import { runDailyPass } from '../../src/services/notifications/pass.js';
import { settingsFor } from './fixtures.js';

const [url, smtpUrl, day, instant, stop] = process.argv.slice(2);
const database = await createDatabase({ url });
const waitToBeKilled = async () => {
  process.stdout.write('PAUSED\n');
  setInterval(() => {}, 60_000);
  await new Promise(() => {});
};
const result = await runDailyPass({ database, clock: fixedClock(day, new Date(instant)) }, settingsFor(smtpUrl), {
  afterOutboxWritten: stop === 'after-outbox' ? waitToBeKilled : undefined,
  delivery: { afterSend: stop === 'after-send' ? waitToBeKilled : undefined },
});
process.stdout.write(`${JSON.stringify(result)}\n`);
database.close();
