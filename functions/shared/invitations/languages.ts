/**
 * The languages an invitation can be in (ISO 639-1): the request schema accepts them and the
 * sender has templates for each. Plain data, so the sender does not load the schema's zod.
 */
export const languages = ['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'cs'] as const;
export type Language = (typeof languages)[number];
