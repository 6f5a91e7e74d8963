/** How a sign-in step's outcome is answered: the next step's page, the session, or a pause (429). */
import type { Context } from 'hono';
import { RecoveryCodesPage } from '../../../views/pages/auth/recovery-codes.js';
import type { Outcome, Stage } from '../../services/auth/sign-in.js';
import { SESSION_HOURS } from '../../services/sessions.js';
import { clearCookie, PENDING_COOKIE, SESSION_COOKIE, writeCookie } from './auth-request.js';
import type { PagesEnv } from './env.js';
import type { View } from './render.js';

export const STAGE_PATH: Record<Stage, string> = {
  SECOND_FACTOR: '/sign-in/verify',
  NEW_PASSWORD: '/sign-in/new-password',
  ENROL: '/sign-in/enrol',
};

/** A pending sign-in lives this long in the browser (the database says 15 minutes as well). */
const PENDING_SECONDS = 15 * 60;

/** The sign-in moved on: to the next step (keeping or starting the pending sign-in), or into a session. */
export function moveOn(c: Context<PagesEnv>, outcome: Extract<Outcome, { kind: 'continue' | 'signed-in' }>): Response | Promise<Response> {
  if (outcome.kind === 'continue') {
    if (outcome.pendingId) writeCookie(c, PENDING_COOKIE, outcome.pendingId, PENDING_SECONDS);
    return c.redirect(STAGE_PATH[outcome.stage], 303);
  }
  clearCookie(c, PENDING_COOKIE);
  writeCookie(c, SESSION_COOKIE, outcome.sessionId, SESSION_HOURS * 3600);
  // Recovery codes are readable once, in this answer; the page links on to where the user was going.
  if (outcome.recoveryCodes) return c.render(<RecoveryCodesPage codes={outcome.recoveryCodes} next={outcome.next} added="Second factor added. You are signed in." />, { title: 'Save your recovery codes' });
  return c.redirect(outcome.next, 303);
}

export const pauseMessage = (retryAfterSeconds: number): string => {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many failed sign-in attempts: sign-in is paused for ${minutes} minute${minutes === 1 ? '' : 's'}. Wait, then try again; an administrator can also reset your password.`;
};

/** 429 with Retry-After: the form again, with why nothing was checked. */
export async function pausedPage(c: Context<PagesEnv>, retryAfterSeconds: number, view: (message: string) => View | Promise<View>): Promise<Response> {
  const shown = await view(pauseMessage(retryAfterSeconds));
  c.header('Retry-After', String(retryAfterSeconds));
  c.status(429);
  return c.render(shown.page, { title: shown.title });
}
