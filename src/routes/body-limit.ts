/**
 * Request body limits (issue 12, finding 1): each route takes a body up to the size of what it
 * accepts, on pages and API alike, signed in or not. A declared Content-Length above the limit is
 * refused before a byte of the body is read. A body without one (chunked) is read up to the limit
 * before the route runs when the limit is small (so the answer does not depend on who asks), and
 * counted while the route streams it when the limit is large (the import): cut off once it passes
 * the limit, whatever the route made of it, the answer is the 413. Either way no more than the
 * limit is held, and `Connection: close` leaves the rest of an upload unread.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/**
 * The bulk import's limit (api.md allows 100,000 records per array): a 100,000-UID batch with its
 * companies and NIST scores, as SPRS exports them, is about 35 MB of JSON (seeds/dod-scale.ts).
 */
export const IMPORT_BODY_LIMIT = 64 * MiB;

/** "1 MiB", "16 KiB". */
export const sizeOf = (bytes: number) => (bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`);

/** The error a cut-off body stream raises in whatever reads it: a 413 to both apps' onError. */
export class BodyTooLarge extends HTTPException {
  constructor(readonly limit: number) {
    super(413, { message: `The body is larger than ${sizeOf(limit)}` });
    this.name = 'BodyTooLarge';
  }
}

/** Limits up to this are read before the route runs; larger ones are counted as the route reads. */
const READ_FIRST_UP_TO = 4 * MiB;

/**
 * Whether the request came through Node's HTTP server (@hono/node-server puts the socket's
 * IncomingMessage in `c.env`), whose parser reads exactly Content-Length bytes of a body, never more.
 */
const fromSocket = (c: Context) => (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;

/**
 * Whether a request carries a body. Asking `c.req.raw.body` of node-server's request makes it build a
 * web stream and a full Request for the body, which cost more than a check's statement (issue 14);
 * read as text (`c.req.text()`), the body skips both. Node's server gives every method but GET, HEAD
 * (and TRACE, read as GET) a body, so the answer is known without asking.
 */
export const hasBody = (c: Context): boolean => (fromSocket(c) ? !['GET', 'HEAD', 'TRACE'].includes(c.req.method) : c.req.raw.body !== null);

/** A route's limit by method and path: `limits[path]` for the paths listed, else `fallback`. */
export const limitTable = (base: string, fallback: number, limits: Record<string, number>) => (c: Context) =>
  (c.req.method === 'POST' ? limits[c.req.path.slice(base.length)] : undefined) ?? fallback;

/**
 * Enforces `limitOf(c)` on the request body; `tooLarge` answers the refusal (problem+json for the
 * API, the error page for pages).
 */
export function bodyLimit<C extends Context>(limitOf: (c: C) => number, tooLarge: (c: C, limit: number) => Response | Promise<Response>): MiddlewareHandler {
  const refuse = async (c: C, limit: number) => {
    const res = await tooLarge(c, limit);
    res.headers.set('Connection', 'close');
    return res;
  };
  return async (c, next) => {
    const ctx = c as C;
    if (!hasBody(ctx)) return next();
    const limit = limitOf(ctx);
    const declared = ctx.req.header('content-length');
    if (declared !== undefined && !(Number(declared) <= limit)) return refuse(ctx, limit);
    // The socket's parser stops at the declared length: nothing to count (and no stream to build).
    if (declared !== undefined && fromSocket(ctx)) return next();
    const body = ctx.req.raw.body;
    if (!body) return next();
    if (declared === undefined && limit <= READ_FIRST_UP_TO) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        size += r.value.byteLength;
        if (size > limit) {
          await reader.cancel();
          return refuse(ctx, limit);
        }
        chunks.push(r.value);
      }
      ctx.req.raw = new Request(ctx.req.raw.url, { method: ctx.req.raw.method, headers: ctx.req.raw.headers, body: Buffer.concat(chunks), signal: ctx.req.raw.signal });
      return next();
    }
    let size = 0;
    let cutOff = false;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          size += chunk.byteLength;
          if (size <= limit) return out.enqueue(chunk);
          cutOff = true;
          out.error(new BodyTooLarge(limit));
        },
      }),
    );
    ctx.req.raw = new Request(ctx.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    if (cutOff) ctx.res = await refuse(ctx, limit);
  };
}
