/**
 * The operations settings (README "Operating AwardGate"): defaults, and a refusal naming the
 * setting for each value that cannot work.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('operations settings', () => {
  it('default to info logs, no metrics, no backups, a 25 s shutdown grace and 7 backups kept', () => {
    const c = loadConfig({});
    expect([c.LOG_LEVEL, c.METRICS_TOKEN, c.BACKUP_DIR, c.BACKUP_EVERY_HOURS, c.BACKUP_KEEP, c.SHUTDOWN_GRACE_SECONDS]).toEqual(['info', undefined, undefined, undefined, 7, 25]);
  });

  it('take values from the environment', () => {
    const c = loadConfig({ LOG_LEVEL: 'debug', METRICS_TOKEN: 'scrape-token-0123456789', BACKUP_DIR: '/var/backups/awardgate', BACKUP_EVERY_HOURS: '6', BACKUP_KEEP: '28', SHUTDOWN_GRACE_SECONDS: '60' });
    expect([c.LOG_LEVEL, c.METRICS_TOKEN, c.BACKUP_DIR, c.BACKUP_EVERY_HOURS, c.BACKUP_KEEP, c.SHUTDOWN_GRACE_SECONDS]).toEqual(['debug', 'scrape-token-0123456789', '/var/backups/awardgate', 6, 28, 60]);
  });

  it('refuse values that cannot work, naming the setting', () => {
    expect(refusal({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL: /);
    expect(refusal({ METRICS_TOKEN: 'short' })).toContain('METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters');
    expect(refusal({ BACKUP_DIR: '/b', BACKUP_EVERY_HOURS: '5' })).toContain('BACKUP_EVERY_HOURS: BACKUP_EVERY_HOURS must divide a day: 1, 2, 3, 4, 6, 8, 12 or 24');
    expect(refusal({ BACKUP_EVERY_HOURS: '6' })).toContain('BACKUP_EVERY_HOURS: BACKUP_EVERY_HOURS needs BACKUP_DIR (the folder the backups go to)');
    expect(refusal({ BACKUP_DIR: '/b', DATABASE_URL: 'libsql://awardgate-demo.turso.io' })).toContain(
      'BACKUP_DIR: BACKUP_DIR backs up an embedded (file:) database; a libSQL server keeps its own snapshots (README "Operating AwardGate")',
    );
    expect(refusal({ BACKUP_KEEP: '0' })).toContain('BACKUP_KEEP: BACKUP_KEEP must be at least 1');
    expect(refusal({ SHUTDOWN_GRACE_SECONDS: '-1' })).toMatch(/SHUTDOWN_GRACE_SECONDS: /);
  });
});
