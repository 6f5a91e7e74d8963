/**
 * Server settings (api.md "Server settings"), parsed once by zod. server.ts is the only caller;
 * everything else receives the parsed object.
 */
import { z } from 'zod';
import { isValidDate } from './domain/dates.js';
import type { AuthSettings } from './services/auth/settings.js';
import type { ReminderSettings } from './services/notifications/settings.js';
import { EMASS_DEFAULTS, type EmassSettings } from './services/emass/settings.js';
import { everyMinutesPattern } from './services/schedule.js';

const validInterval = (m: number) => {
  try {
    return m === 0 || !!everyMinutesPattern(m);
  } catch {
    return false;
  }
};

const ConfigSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default('file:data/sprs.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** Scale-out: checks read from this libSQL URL (a read replica); writes go to DATABASE_URL. */
  DATABASE_READ_URL: z.string().optional(),
  ADMIN_API_TOKEN: z.string().min(16, 'ADMIN_API_TOKEN must be at least 16 characters').optional(),
  /** Unset: a new database gets the demo data set, except under NODE_ENV=production (see demoMode). */
  DEMO_SEED: z.enum(['on', 'off'], { error: 'DEMO_SEED must be on or off' }).optional(),
  /**
   * Behind a reverse proxy that terminates TLS: `on` (one proxy) or the number of proxies that append
   * to X-Forwarded-For. Only then are X-Forwarded-For (the client's address, for the sign-in throttle)
   * and X-Forwarded-Proto (https → the `__Host-` session cookie) believed.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(on|off|[0-9]|10)$/, 'TRUST_PROXY must be on, off, or the number of proxies in front of AwardGate (0–10)')
    .optional(),
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
  /** The CMMC eMASS feed (api.md "The eMASS feed", feeds.md); no sync runs while EMASS_URL is unset. */
  EMASS_URL: z.url({ protocol: /^https?$/, error: 'EMASS_URL must be an http(s) URL' }).optional(),
  EMASS_API_KEY: z.string().optional(),
  EMASS_USER_UID: z.string().optional(),
  /** Mutual TLS: PEM files of the client certificate and its key (both or neither). */
  EMASS_CLIENT_CERT: z.string().optional(),
  EMASS_CLIENT_KEY: z.string().optional(),
  /** PEM file of the CA that signs eMASS's server certificate (the DoD roots are not in Node's store). */
  EMASS_CA_CERT: z.string().optional(),
  /** The first run's start (YYYY-MM-DD, in RULES_TIME_ZONE); unset: everything eMASS holds. */
  EMASS_SINCE: z.string().refine(isValidDate, 'EMASS_SINCE must be a YYYY-MM-DD date').optional(),
  EMASS_SYNC_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .refine(validInterval, 'EMASS_SYNC_MINUTES must divide an hour (1-60) or a day (whole hours), or be 0 for no schedule'),

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
  if (c.EMASS_URL && !c.EMASS_API_KEY) ctx.addIssue({ code: 'custom', path: ['EMASS_API_KEY'], message: 'EMASS_API_KEY is required with EMASS_URL' });
  if (c.EMASS_URL && !c.EMASS_USER_UID) ctx.addIssue({ code: 'custom', path: ['EMASS_USER_UID'], message: 'EMASS_USER_UID is required with EMASS_URL' });
  if (!c.EMASS_CLIENT_CERT !== !c.EMASS_CLIENT_KEY) ctx.addIssue({ code: 'custom', path: ['EMASS_CLIENT_KEY'], message: 'EMASS_CLIENT_CERT and EMASS_CLIENT_KEY go together (both or neither)' });
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

/**
 * Demo mode: the seeded demo accounts (whose password the README publishes) may exist and sign in
 * without a second factor. Always outside production; in production only with DEMO_SEED=on.
 */
export const demoMode = (config: Config): boolean => config.NODE_ENV !== 'production' || config.DEMO_SEED === 'on';

/** Why the server will not start with demo accounts in production (finding 7), naming the settings. */
export const DEMO_REFUSAL =
  'AwardGate will not start: NODE_ENV=production and the database holds the demo accounts, whose password is published in the README. ' +
  'Start with a database without the demo data set (DEMO_SEED=off on a new database), or set DEMO_SEED=on to run the demo in production on purpose.';

/** Seed the demo data set into a new database? By default yes, except in production. */
export const seedsDemo = (config: Config): boolean => (config.DEMO_SEED ?? (config.NODE_ENV === 'production' ? 'off' : 'on')) === 'on';

/** Sign-in settings (issue 12) from the parsed configuration. */
export function authSettings(config: Config): Omit<AuthSettings, 'publicUrl'> {
  const hops = config.TRUST_PROXY === 'on' ? 1 : config.TRUST_PROXY === 'off' || !config.TRUST_PROXY ? 0 : Number(config.TRUST_PROXY);
  // The server itself speaks plain HTTP: TLS is recognised per request (an https URL, or X-Forwarded-Proto from a trusted proxy).
  return { trustProxy: hops, secureCookies: false, demoMode: demoMode(config), mailFrom: config.MAIL_FROM.trim() };
}

/** The eMASS feed's settings (issue 9) from the parsed configuration; null while EMASS_URL is unset. */
export function emassSettings(config: Config): EmassSettings | null {
  if (!config.EMASS_URL) return null;
  return {
    url: config.EMASS_URL.replace(/\/+$/, ''),
    apiKey: config.EMASS_API_KEY ?? '',
    userUid: config.EMASS_USER_UID ?? '',
    clientCertFile: config.EMASS_CLIENT_CERT ?? null,
    clientKeyFile: config.EMASS_CLIENT_KEY ?? null,
    caCertFile: config.EMASS_CA_CERT ?? null,
    since: config.EMASS_SINCE ?? null,
    syncMinutes: config.EMASS_SYNC_MINUTES,
    ...EMASS_DEFAULTS,
    retry: { ...EMASS_DEFAULTS.retry },
  };
}

/**
 * Where users reach this instance (PUBLIC_URL, else http://localhost:PORT): the one origin of every
 * link the app builds (attestation links, reminders, calendar feed URLs) and of the WebAuthn relying
 * party. Never the request's Host header, which a client chooses (issue 12 finding 11).
 */
export const publicUrl = (config: Config): string => (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');

/** The reminder services' settings (issue 11) from the parsed configuration. */
export function reminderSettings(config: Config): ReminderSettings {
  return {
    publicUrl: publicUrl(config),
    mailFrom: config.MAIL_FROM.trim(),
    smtpUrl: config.SMTP_URL ?? null,
  };
}
