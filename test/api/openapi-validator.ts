/**
 * An OpenAPI response validator built from the published document alone (GET /api/v1/openapi.json),
 * not from the zod schemas the routes are written with: Ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1) compiles each response schema by JSON pointer into the document, so every `$ref`
 * resolves the way any client of the document would resolve it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = any;

/** One HTTP exchange as a client saw it. */
export interface Exchange {
  method: string;
  /** Path below the document's server URL (/api/v1), without the query. */
  path: string;
  status: number;
  contentType: string;
  body: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const pointerSegment = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType);

export interface ResponseValidator {
  /** Every way the exchange departs from the document (empty when it conforms). */
  check(ex: Exchange): string[];
  /** operationId of the operation an exchange hits, or null when the document has none. */
  operationOf(method: string, path: string): string | null;
  operationIds: string[];
}

export function responseValidator(doc: Json): ResponseValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const compiled = new Map<string, ValidateFunction>();
  const schemaAt = (pointer: string) => {
    let v = compiled.get(pointer);
    if (!v) compiled.set(pointer, (v = ajv.compile({ $ref: `openapi.json#${pointer}` })));
    return v;
  };

  // Literal segments win over parameters (/flowdown-checks/tree before /flowdown-checks/{id}).
  const operations = Object.entries<Json>(doc.paths)
    .flatMap(([template, item]) =>
      HTTP_METHODS.filter((m) => item[m]).map((method) => ({
        template,
        method,
        op: item[method],
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
      })),
    )
    .sort((a, b) => a.params - b.params);
  const find = (method: string, path: string) => operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));

  return {
    operationIds: operations.map((o) => o.op.operationId),
    operationOf: (method, path) => find(method, path)?.op.operationId ?? null,
    check(ex) {
      const where = `${ex.method} ${ex.path} → ${ex.status}`;
      const o = find(ex.method, ex.path);
      if (!o) return [`${where}: the document has no such operation`];
      const response = o.op.responses[String(ex.status)] ?? o.op.responses.default;
      if (!response) return [`${where}: status not documented (documented: ${Object.keys(o.op.responses).join(', ')})`];
      const mediaType = ex.contentType.split(';')[0].trim().toLowerCase();
      const content = response.content ?? {};
      if (!content[mediaType]) return [`${where}: content type ${mediaType || '(none)'} not documented (documented: ${Object.keys(content).join(', ') || 'no body'})`];
      let body: unknown = ex.body;
      if (isJson(mediaType)) {
        try {
          body = JSON.parse(ex.body);
        } catch {
          return [`${where}: the ${mediaType} body is not JSON`];
        }
      }
      const pointer = ['', 'paths', o.template, o.method, 'responses', String(ex.status) in o.op.responses ? String(ex.status) : 'default', 'content', mediaType, 'schema']
        .map((s, i) => (i === 0 ? s : pointerSegment(s)))
        .join('/');
      const validate = schemaAt(pointer);
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
    },
  };
}

/** Reads a Response (a clone, so the caller can still read it) as an exchange under `base`. */
export async function exchangeOf(method: string, url: string, res: Response, base = '/api/v1'): Promise<Exchange> {
  const path = new URL(url, 'http://localhost').pathname;
  return {
    method: method.toUpperCase(),
    path: path.startsWith(base) ? path.slice(base.length) || '/' : path,
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: await res.clone().text(),
  };
}
