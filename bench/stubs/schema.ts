/** Stands in for the zod request schema in `npm run bench:without`: no validation at all. */
export const languages = ['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'cs'] as const;
export type Language = (typeof languages)[number];
export const parseInvitationUpdate = (body: unknown) => body as Record<string, never>;
