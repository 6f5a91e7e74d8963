/**
 * The pages app's one error mapping (its onError, and the page for a path that has none). A
 * refusal of a posted form goes back to that form with its messages and the user's values; any
 * other refusal is a styled page of its status with a way back; anything else is the 500 page,
 * which says nothing was changed.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorFragment, ErrorPage } from '../../../views/pages/error.js';
import { ServiceError } from '../../services/errors.js';
import { STATUS_OF_FAILURE } from '../failure-status.js';
import type { PagesEnv } from './env.js';
import { isHtmx, pageOrFragment } from './render.js';
import { FormRefusal, serviceErrorsToForm, type PendingForm } from './validator.js';

const HEADING: Partial<Record<ContentfulStatusCode, string>> = {
  400: 'The request could not be read',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible now',
  413: 'Too large',
  422: 'Not accepted',
  500: 'Something went wrong',
};

/** What Hono's own refusals mean here (their messages are not written for users). */
const HTTP_MESSAGE: Partial<Record<number, string>> = {
  400: 'The form could not be read. Nothing was changed; go back and try again.',
  // hono/csrf: a form posted from another site.
  403: 'The form did not come from AwardGate. Nothing was changed; go back, reload the page and try again.',
};

/**
 * A conflict the user can resolve by changing a field they posted (a number already taken) is
 * answered like any form correction (422); one that refuses the request whatever is typed (a
 * closeout already made) keeps 409. htmx swaps only 2xx and 422 (views/layout.tsx), so a form it
 * posted always gets 422.
 */
function formStatus(c: Context<PagesEnv>, err: ServiceError, form: PendingForm): ContentfulStatusCode {
  if (err.kind !== 'conflict') return 422;
  const namesAField = err.errors.some((e) => Object.hasOwn(form.values, e.path.split('.')[0]));
  return namesAField || isHtmx(c) ? 422 : 409;
}

export function errorPage(c: Context<PagesEnv>, status: ContentfulStatusCode, message: string) {
  c.status(status);
  if (isHtmx(c)) return c.html(<ErrorFragment message={message} />);
  const heading = HEADING[status] ?? 'Not possible';
  return c.render(<ErrorPage heading={heading} message={message} role={c.var.actor?.role ?? null} path={c.req.path} />, { title: heading });
}

function refusalPage(c: Context<PagesEnv>, err: unknown) {
  if (err instanceof ServiceError) return errorPage(c, STATUS_OF_FAILURE[err.kind], /[.!?]$/.test(err.message) ? err.message : `${err.message}.`);
  if (err instanceof HTTPException) return errorPage(c, err.status as ContentfulStatusCode, HTTP_MESSAGE[err.status] ?? err.message);
  return errorPage(c, 500, 'The server could not complete the request; nothing was changed by it. Please try again.');
}

async function backToForm(c: Context<PagesEnv>, form: PendingForm, errors: Record<string, string>, status: ContentfulStatusCode) {
  try {
    return pageOrFragment(c, await form.view(c, { values: form.values, errors, files: form.files }), status);
  } catch (e) {
    // The form's page itself is refused (its record is gone or not the user's): that refusal answers.
    return refusalPage(c, e);
  }
}

export function onPageError(err: Error, c: Context<PagesEnv>): Response | Promise<Response> {
  const form = c.var.form;
  if (form && err instanceof FormRefusal) return backToForm(c, form, err.errors, 422);
  if (form && err instanceof ServiceError && form.inputKinds.includes(err.kind)) return backToForm(c, form, serviceErrorsToForm(err, form.values), formStatus(c, err, form));
  return refusalPage(c, err);
}

/** A path with no page. */
export const notFoundPage = (c: Context<PagesEnv>) => errorPage(c, 404, `There is no page at ${c.req.path}.`);
