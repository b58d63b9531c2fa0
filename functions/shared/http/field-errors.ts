/**
 * zod's issues as the API's `errors` list: one entry per field, unknown keys one by one.
 * Types only from zod: no schema is loaded for it.
 */
import type * as z from 'zod/mini';
import { ApiError, type FieldError } from './errors.ts';

export function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: key, message: 'is not a known field' }));
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return [{ path: '', message: 'must be a JSON object' }];
  }
  return [{ path: issue.path.join('.'), message: issue.message }];
}

/** The value a schema accepts, or 400 ValidationFailed listing every field it refused. */
export function parseOrFail<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiError('ValidationFailed', { errors: result.error.issues.flatMap(toFieldErrors) });
}
