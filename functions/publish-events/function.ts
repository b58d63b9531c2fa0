/** What publish-events needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';

export const publishEventsFunction = {
  timeoutSeconds: 30,
  // A batch of stream records -> PutEvents of their events, 10 a request. Its stream and bus
  // permissions come with its wiring (infra/events.ts).
  tables: {},
} as const satisfies FunctionDeclaration;
