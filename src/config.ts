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
