/**
 * What sign-in needs from the server settings (src/config.ts parses them, server.ts hands them to
 * createApp). Nothing here reads the environment.
 */
export interface AuthSettings {
  /**
   * TRUST_PROXY: how many proxies in front of AwardGate append to X-Forwarded-For (0 = none: the
   * socket's address is the client's, and X-Forwarded-* headers are ignored as anyone can send them).
   */
  trustProxy: number;
  /** Served over TLS (the session cookie is then `__Host-` prefixed and Secure on every request). */
  secureCookies: boolean;
  /** PUBLIC_URL (createApp hands in the one setting, src/config.ts publicUrl): the lock-out notice's links and Message-ID. */
  publicUrl: string;
  /** The install may hold the seeded demo accounts, which then sign in without a second factor. */
  demoMode: boolean;
  /** The From: of e-mail (the lock-out notice's Message-ID uses its domain). */
  mailFrom: string;
}

/** For tests and tools: plain http on localhost, no proxy, not a demo. */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  trustProxy: 0,
  secureCookies: false,
  publicUrl: 'http://localhost',
  demoMode: false,
  mailFrom: 'AwardGate <reminders@awardgate.invalid>',
};
