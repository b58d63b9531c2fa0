/**
 * An id (user, organization): 1 to 2^53-1, written in decimal digits with no sign and no
 * leading zero. The one rule for the path's `userId`, the authorizer context's ids (which
 * arrive as numbers or strings) and the CLI's options.
 */
export const positiveIdPattern = /^[1-9]\d{0,15}$/;

/** The id, or undefined when the value is not one. */
export function parsePositiveId(value: unknown): number | undefined {
  const id = typeof value === 'string' && positiveIdPattern.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
