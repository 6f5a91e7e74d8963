/**
 * Failures a service reports. Routes turn them into problem+json (API) or form messages (pages);
 * services never know which.
 */
import type { z } from 'zod';
export interface FieldError {
  path: string;
  message: string;
}

export type FailureKind = 'validation' | 'conflict' | 'not_found' | 'forbidden' | 'unauthorized' | 'malformed';

export class ServiceError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const invalid = (message: string, errors: FieldError[] = []) => new ServiceError('validation', message, errors);
export const conflict = (message: string, errors: FieldError[] = []) => new ServiceError('conflict', message, errors);
export const notFound = (message = 'Not found') => new ServiceError('not_found', message);
export const forbidden = (message = 'Your role may not do this') => new ServiceError('forbidden', message);

/** zod issues as field errors, each path under `prefix` (e.g. `assessments.3`) when given; `(body)` for the whole. */
export const zodErrors = (error: z.ZodError, prefix = ''): FieldError[] =>
  error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
  }));
