/**
 * The preview of a pasted UID list before it is saved: the htmx fragment the paste box refreshes as
 * the officer types, and, without JavaScript, "Preview the list" (a submit named `preview`) answered
 * with the same form and its preview instead of saving.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { UidPastePreview } from '../../../../views/components/uid-paste.js';
import type { PagesEnv } from '../env.js';
import { formValuesOf, one, pastePreview } from '../form-values.js';
import { pageOrFragment } from '../render.js';
import { postedForm, type FormView } from '../validator.js';

/** Before the form's validator: a post of the preview button shows the form again, nothing saved. */
export const previewBeforeSaving =
  (view: FormView): MiddlewareHandler<PagesEnv> =>
  async (c, next) => {
    const raw = await c.req.parseBody({ all: true });
    const { values } = formValuesOf(raw);
    if (one(values.preview) !== '1') return next();
    const { preview: _p, ...rest } = values;
    return pageOrFragment(c, await view(c, { values: rest, errors: {} }));
  };

/** htmx: the preview of the list typed so far (the same component the form renders). */
export const uidPreviewPages = () =>
  new Hono<PagesEnv>().post('/', postedForm(), (c) => c.html(<UidPastePreview preview={pastePreview(c.req.valid('form').values.uids)} />));
