// `npm run db:backup -- --to FILE`: a consistent copy of the embedded database at DATABASE_URL,
// taken while the server goes on serving (src/services/ops/backup.ts). Exit 0 when written,
// 1 when refused or failed, 2 on a usage error.
import { loadConfig } from '../src/config.js';
import { requiredFileOption } from './cli-args.js';
import { backupDatabase, BackupRefused } from '../src/services/ops/backup.js';

const to = requiredFileOption('to', 'the file the backup is written to', 'npm run db:backup -- --to FILE');
const config = loadConfig(process.env);
try {
  const r = await backupDatabase(config.DATABASE_URL, to);
  console.log(`backup written to ${r.file} (${r.bytes} bytes, ${r.ms} ms, quick_check ok)`);
} catch (e) {
  console.error(e instanceof BackupRefused ? e.message : `the backup failed: ${(e as Error).message}`);
  process.exit(1);
}
