// `npm run db:restore -- --from FILE`: restores a backup into the stopped deployment at
// DATABASE_URL after checking it (PRAGMA integrity_check, the migrations, both hash chains as
// `npm run audit:verify` does). Exit 0 when restored, 1 when refused, 2 on a usage error.
import { loadConfig } from '../src/config.js';
import { requiredFileOption } from './cli-args.js';
import { BackupRefused, restoreDatabase } from '../src/services/ops/backup.js';

const from = requiredFileOption('from', 'the backup file to restore', 'npm run db:restore -- --from FILE');
const config = loadConfig(process.env);
try {
  const r = await restoreDatabase(config.DATABASE_URL, from);
  console.log(
    `restored ${from} into ${r.target}: integrity_check ok, hash chains intact (${r.verifications} recorded verifications, ${r.auditEntries} audit entries)` +
      (r.previous ? `; the database it replaced is kept at ${r.previous}` : ''),
  );
} catch (e) {
  console.error(e instanceof BackupRefused ? e.message : `the restore failed: ${(e as Error).message}`);
  process.exit(1);
}
