import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FailureKind } from '../services/errors.js';

/** The HTTP status of each kind of service failure, for the API's problem+json and the pages alike. */
export const STATUS_OF_FAILURE: Record<FailureKind, ContentfulStatusCode> = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
};
