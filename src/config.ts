/**
 * Server settings (api.md "Server settings"), parsed once by zod. server.ts is the only caller;
 * everything else receives the parsed object.
 */
import { z } from 'zod';
import { isValidDate } from './domain/dates.js';
import type { ReminderSettings } from './services/notifications/settings.js';

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
  /** The daily reminder pass runs at this time of day in RULES_TIME_ZONE. */
  NOTIFY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'NOTIFY_AT must be a time of day, HH:MM (24-hour)')
    .default('06:00'),
  /** The mail relay for reminders; unset, reminders stay in the outbox (administrators read them there). */
  SMTP_URL: z
    .string()
    .refine((u) => /^smtps?:\/\/[^/]/.test(u), 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z
    .string()
    .refine((f) => /^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(f.trim()), 'MAIL_FROM must be an e-mail address, optionally as "Name <address>"')
    .default('AwardGate <reminders@awardgate.invalid>'),
  /** Where users reach this instance (links in reminders and attestations, calendar feed URLs); default http://localhost:PORT. */
  PUBLIC_URL: z
    .string()
    .refine((u) => /^https?:\/\/[^/]/.test(u) && URL.canParse(u), 'PUBLIC_URL must be an http:// or https:// URL')
    .optional(),

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

/** Where users reach this instance: PUBLIC_URL, else http://localhost:PORT. */
const configuredPublicUrl = (config: Config) => (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');

/**
 * The origin of links the app builds (attestation links, issue 12 finding 11): never the request's
 * Host header, which a client chooses; only in development (null) the origin the request came to.
 */
export const appPublicUrl = (config: Config): string | null => (config.PUBLIC_URL || config.NODE_ENV !== 'development' ? configuredPublicUrl(config) : null);

/** The reminder services' settings (issue 11) from the parsed configuration. */
export function reminderSettings(config: Config): ReminderSettings {
  return {
    publicUrl: configuredPublicUrl(config),
    mailFrom: config.MAIL_FROM.trim(),
    smtpUrl: config.SMTP_URL ?? null,
  };
}
