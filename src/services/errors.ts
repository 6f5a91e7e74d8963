/**
 * Failures a service reports. Routes turn them into problem+json (API) or form messages (pages);
 * services never know which.
 */
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
