import type { Context } from 'hono';

/** A CSV download (the text comes from the services, which guard against formula injection). */
export const csvAttachment = (c: Context, body: string, filename: string) =>
  c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` });
