/**
 * multipart/form-data read as it streams (RFC 7578), for what must not be buffered and parsed in one
 * turn (issue 12, finding 2): the CSRF token of a posted form, read from the fields before any file,
 * and the bulk import's file, handed on piece by piece. Small forms keep Hono's parseBody.
 */

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface Part {
  name: string;
  /** Set for a file field (empty when no file was chosen). */
  filename: string | null;
  /** The part's bytes as they arrive; read them all before asking for the next part. */
  body: AsyncGenerator<Uint8Array>;
}

/** The boundary of a multipart/form-data content type, or null for any other type. */
export function boundaryOf(contentType: string): string | null {
  const m = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
/** A part's headers are a few hundred bytes; more is not a form a browser sent. */
const MAX_HEAD = 16 * 1024;

function parseHead(head: string): { name: string; filename: string | null } {
  const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(head)?.[1];
  if (disposition === undefined) throw new MultipartError('a part has no Content-Disposition: form-data header');
  const param = (key: string) => new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)?.[1].replace(/\\(.)/g, '$1') ?? null;
  const name = param('name');
  if (name === null) throw new MultipartError('a part has no field name');
  return { name, filename: param('filename') };
}

/** The parts of a multipart body, in order. */
export async function* readParts(stream: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<Part> {
  const reader = stream.getReader();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The body starts with the delimiter without its CRLF; pretending one came first makes every delimiter alike.
  let buf: Buffer = Buffer.from(CRLF);
  let ended = false;
  const more = async () => {
    if (ended) return false;
    const r = await reader.read();
    if (r.done) return !(ended = true);
    buf = buf.length ? Buffer.concat([buf, r.value]) : Buffer.from(r.value);
    return true;
  };
  const need = async (n: number) => {
    while (buf.length < n) if (!(await more())) throw new MultipartError('the body ends inside a part');
  };
  try {
    // The preamble, up to the first delimiter.
    for (let at = buf.indexOf(delimiter); ; at = buf.indexOf(delimiter)) {
      if (at >= 0) {
        buf = buf.subarray(at + delimiter.length);
        break;
      }
      buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
      if (!(await more())) throw new MultipartError('the body has no part');
    }
    for (;;) {
      await need(2);
      if (buf[0] === 0x2d && buf[1] === 0x2d) return; // "--": the closing delimiter
      let headEnd = buf.indexOf(HEAD_END);
      while (headEnd < 0) {
        if (buf.length > MAX_HEAD || !(await more())) throw new MultipartError('a part\'s headers do not end');
        headEnd = buf.indexOf(HEAD_END);
      }
      const { name, filename } = parseHead(buf.subarray(0, headEnd).toString('utf8'));
      buf = buf.subarray(headEnd + HEAD_END.length);
      let done = false;
      const body = async function* (): AsyncGenerator<Uint8Array> {
        for (;;) {
          const at = buf.indexOf(delimiter);
          if (at >= 0) {
            if (at > 0) yield buf.subarray(0, at);
            buf = buf.subarray(at + delimiter.length);
            done = true;
            return;
          }
          // Keep what could be the start of a delimiter split across two reads.
          const safe = buf.length - delimiter.length + 1;
          if (safe > 0) {
            const out = buf.subarray(0, safe);
            buf = buf.subarray(safe);
            yield out;
          }
          if (!(await more())) throw new MultipartError('the body ends inside a part');
        }
      };
      const part = { name, filename, body: body() };
      yield part;
      // Whatever the reader left of this part is skipped.
      if (!done) for await (const _ of part.body);
    }
  } finally {
    // Not awaited: cancelling one branch of a tee()d body settles only once the other branch is
    // cancelled too, and the CSRF check peeks at the import's upload through such a branch while the
    // route still has to read the other (awaiting it hung every file upload to /admin/import).
    if (!ended) reader.cancel().catch(() => {});
  }
}

/** A part's bytes as text, refused past `max` bytes. */
export async function textOf(part: Part, max: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of part.body) {
    if ((size += chunk.length) > max) throw new MultipartError(`the field ${part.name} is longer than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The value of field `name` if it comes before any file and within the first fields; undefined
 * otherwise (the caller reads the whole form then).
 */
export async function leadingField(stream: ReadableStream<Uint8Array>, boundary: string, name: string): Promise<string | undefined> {
  const parts = readParts(stream, boundary);
  try {
    for (let i = 0; i < 8; i++) {
      const { value: part, done } = await parts.next();
      if (done || part.filename !== null) return undefined;
      if (part.name === name) return await textOf(part, 4096);
    }
    return undefined;
  } catch (e) {
    if (e instanceof MultipartError) return undefined;
    throw e;
  } finally {
    await parts.return(undefined);
  }
}
