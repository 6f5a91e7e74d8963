/**
 * The feed's settings (api.md "The eMASS feed"), parsed once from the environment by src/config.ts
 * with a sentence naming each setting that is wrong, and never shown with the API key.
 */
import { describe, expect, it } from 'vitest';
import { emassSettings, loadConfig } from '../../src/config.js';
import { describeSettings } from '../../src/services/emass/settings.js';

const env = { EMASS_URL: 'https://emass.example.mil/', EMASS_API_KEY: 'secret-key', EMASS_USER_UID: 'user-1' };

describe('EMASS_* settings', () => {
  it('has no feed while EMASS_URL is unset', () => {
    expect(emassSettings(loadConfig({}))).toBeNull();
  });

  it('reads the settings in force, without the trailing slash of the URL', () => {
    const s = emassSettings(loadConfig({ ...env, EMASS_CLIENT_CERT: '/etc/emass/client.pem', EMASS_CLIENT_KEY: '/etc/emass/client.key', EMASS_SINCE: '2025-01-01', EMASS_SYNC_MINUTES: '15' }))!;
    expect(s).toMatchObject({ url: 'https://emass.example.mil', apiKey: 'secret-key', userUid: 'user-1', clientCertFile: '/etc/emass/client.pem', clientKeyFile: '/etc/emass/client.key', caCertFile: null, since: '2025-01-01', syncMinutes: 15 });
  });

  it('shows administrators the settings in force, never the key', () => {
    const shown = describeSettings(emassSettings(loadConfig(env))!);
    expect(JSON.stringify(shown)).not.toContain('secret-key');
    expect(shown).toEqual({ url: 'https://emass.example.mil', userUid: 'user-1', apiKey: 'set', clientCertificate: null, caCertificate: null, since: null, syncMinutes: 0 });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a URL without the key', { EMASS_URL: 'https://emass.example.mil', EMASS_USER_UID: 'u' }, 'EMASS_API_KEY: EMASS_API_KEY is required with EMASS_URL'],
    ['a URL without the user UID', { EMASS_URL: 'https://emass.example.mil', EMASS_API_KEY: 'k' }, 'EMASS_USER_UID: EMASS_USER_UID is required with EMASS_URL'],
    ['a URL that is not http(s)', { ...env, EMASS_URL: 'ftp://emass.example.mil' }, 'EMASS_URL: EMASS_URL must be an http(s) URL'],
    ['a certificate without its key', { ...env, EMASS_CLIENT_CERT: '/etc/emass/client.pem' }, 'EMASS_CLIENT_KEY: EMASS_CLIENT_CERT and EMASS_CLIENT_KEY go together (both or neither)'],
    ['a start that is not a date', { ...env, EMASS_SINCE: '2025-02-30' }, 'EMASS_SINCE: EMASS_SINCE must be a YYYY-MM-DD date'],
    ['an interval that divides neither an hour nor a day', { ...env, EMASS_SYNC_MINUTES: '7' }, 'EMASS_SYNC_MINUTES: EMASS_SYNC_MINUTES must divide an hour (1-60) or a day (whole hours), or be 0 for no schedule'],
  ])('refuses %s, naming the setting', (_what, vars, line) => {
    expect(() => loadConfig(vars)).toThrow(line);
  });
});
