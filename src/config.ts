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
