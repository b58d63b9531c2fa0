/**
 * The answer of POST /v2/invitations/preview: the one definition of its shape. The type and
 * the OpenAPI schema derive from it; the function only builds it (redemption.ts imports the
 * type alone, so no zod is loaded for it at run time).
 */
import * as z from 'zod/mini';
import { languages } from './languages.ts';

export const invitationPreviewSchema = z.strictObject({
  status: z.enum(['pending', 'accepted', 'expired']),
  language: z.enum(languages),
  expiration: z.optional(z.iso.datetime({ offset: true })),
  channel: z.enum(['email', 'sms']),
});

export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
