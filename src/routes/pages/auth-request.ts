/**
 * What sign-in reads from the request: whether the browser reached us over TLS, the client's
 * address, and the sign-in cookies.
 *
 * The cookie rule (issue 12, finding 11): over TLS — an https request URL, or X-Forwarded-Proto:
 * https from a proxy AwardGate trusts (TRUST_PROXY) — the cookies are `__Host-` prefixed (Secure,
 * Path=/, no Domain: a sibling host or a plain-http page cannot set or shadow them). Over plain
 * http (the quick start on localhost) they keep their plain names. A request is read with the rule
 * it arrived under, so a cookie set over http is never accepted on an https request.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { relyingParty, type RelyingParty } from '../../services/auth/passkeys.js';
import type { AppEnv } from '../env.js';

/** The signed-in session (sessions.ts) and a sign-in waiting for its next step (auth/sign-in.ts). */
export const SESSION_COOKIE = 'ag_session';
export const PENDING_COOKIE = 'ag_sign_in';

const firstValue = (h: string | undefined) => h?.split(',')[0]?.trim().toLowerCase();

export function overTls<E extends AppEnv>(c: Context<E>): boolean {
  const { auth } = c.var;
  if (auth.secureCookies || new URL(c.req.url).protocol === 'https:') return true;
  return auth.trustProxy > 0 && firstValue(c.req.header('x-forwarded-proto')) === 'https';
}

export function readCookie<E extends AppEnv>(c: Context<E>, name: string): string | undefined {
  return overTls(c) ? getCookie(c, name, 'host') : getCookie(c, name);
}

export function writeCookie<E extends AppEnv>(c: Context<E>, name: string, value: string, maxAgeSeconds: number): void {
  const base = { httpOnly: true, sameSite: 'Lax', maxAge: maxAgeSeconds } as const;
  if (overTls(c)) setCookie(c, name, value, { ...base, prefix: 'host', secure: true, path: '/' });
  else setCookie(c, name, value, { ...base, path: '/' });
}

export function clearCookie<E extends AppEnv>(c: Context<E>, name: string): void {
  if (overTls(c)) deleteCookie(c, name, { prefix: 'host', secure: true, path: '/' });
  else deleteCookie(c, name, { path: '/' });
}

// An address as a proxy writes it (IPv4, IPv6); anything else is not believed.
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

/**
 * The client's address for the sign-in throttle and the audit log: the socket's peer, or — behind
 * TRUST_PROXY proxies — the entry the outermost trusted proxy added to X-Forwarded-For (entries to
 * its left were written by the client and prove nothing).
 */
export function clientAddress<E extends AppEnv>(c: Context<E>): string {
  const hops = c.var.auth.trustProxy;
  if (hops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const added = chain[chain.length - hops];
    if (added && ADDRESS.test(added)) return added;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}

/** The WebAuthn relying party: this instance's public URL (PUBLIC_URL), never the request's Host header. */
export const relyingPartyOf = <E extends AppEnv>(c: Context<E>): RelyingParty => relyingParty(c.var.publicUrl);
