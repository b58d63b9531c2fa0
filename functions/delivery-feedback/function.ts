/** What delivery-feedback needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';

export const deliveryFeedbackFunction = {
  // SES's events of a message (EventBridge): one conditional UpdateItem each. Its event rule
  // comes with its wiring (infra/delivery.ts).
  // A hard bounce or a complaint also puts the address on the organization's suppression
  // list (one PutItem).
  tables: { invitations: ['dynamodb:UpdateItem'], sendLimits: ['dynamodb:PutItem'] },
} as const satisfies FunctionDeclaration;
