/** What authorizer needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';

export const authorizerFunction = {
  timeoutSeconds: 5,
  // One GetItem per uncached call, within the 2.5 s store budget; a slow authorizer holds every
  // request behind it. Its usage plan key (SHARED_USAGE_KEY) comes with its wiring (infra/rest-
  // api.ts).
  tables: { credentials: ['dynamodb:GetItem'] },
} as const satisfies FunctionDeclaration;
