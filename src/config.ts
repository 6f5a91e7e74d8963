/**
 * Server settings (api.md "Server settings"), parsed once by zod. server.ts is the only caller;
 * everything else receives the parsed object.
 */
import { z } from 'zod';
import { isValidDate } from './domain/dates.js';

const ConfigSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default('file:data/sprs.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** Scale-out: checks read from this libSQL URL (a read replica); writes go to DATABASE_URL. */
  DATABASE_READ_URL: z.string().optional(),
  ADMIN_API_TOKEN: z.string().min(16, 'ADMIN_API_TOKEN must be at least 16 characters').optional(),
  DEMO_SEED: z.enum(['on', 'off']).optional(),
  APP_TODAY: z
    .string()
    .refine(isValidDate, 'APP_TODAY must be a YYYY-MM-DD date')
    .optional(),
  RULES_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine((z) => Intl.supportedValuesOf('timeZone').includes(z) || z === 'UTC', 'unknown time zone'),
  /** Key file for signed attestations; the key lives in the database when unset. */
  SIGNING_KEY_FILE: z.string().optional(),
  NODE_ENV: z.string().default('development'),

  // Operations (README "Operating AwardGate").
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset, it does not exist (404). */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Scheduled backups of an embedded database go to this folder (none when unset). */
  BACKUP_DIR: z.string().optional(),
  BACKUP_EVERY_HOURS: z.coerce
    .number()
    .int()
    .refine((h) => h >= 1 && h <= 24 && 24 % h === 0, 'BACKUP_EVERY_HOURS must divide a day: 1, 2, 3, 4, 6, 8, 12 or 24')
    .optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1, 'BACKUP_KEEP must be at least 1').default(7),
  /** How long a shutdown waits for in-flight requests and running jobs before it cuts them off. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(25),
}).superRefine((c, ctx) => {
  if (c.BACKUP_EVERY_HOURS !== undefined && !c.BACKUP_DIR)
    ctx.addIssue({ code: 'custom', path: ['BACKUP_EVERY_HOURS'], message: 'BACKUP_EVERY_HOURS needs BACKUP_DIR (the folder the backups go to)' });
  if (c.BACKUP_DIR && !c.DATABASE_URL.startsWith('file:'))
    ctx.addIssue({
      code: 'custom',
      path: ['BACKUP_DIR'],
      message: 'BACKUP_DIR backs up an embedded (file:) database; a libSQL server keeps its own snapshots (README "Operating AwardGate")',
    });
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
