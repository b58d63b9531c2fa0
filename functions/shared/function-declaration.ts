/**
 * What a function declares beside its code (functions/<name>/function.ts): its route, if
 * it has one, the tables it works on with the only actions it may take on each, the stack
 * settings it reads, its timeout and memory. The stack derives the function's role,
 * environment and API wiring from it, and the local emulator, the tests and the bench their
 * list of functions (infra/functions.ts lists the declarations).
 */
import type * as z from 'zod/mini';
import type { ErrorCode } from './http/errors.ts';

export interface FunctionDeclaration {
  /** Seconds (default below); locally, `context.getRemainingTimeInMillis()` counts down from it. */
  timeoutSeconds?: number;
  /** Default below. */
  memoryMb?: number;
  /** A folder beside the handler that the function reads at run time: copied into the bundle. */
  assets?: string;
  /** Table (infra/tables.ts) -> the DynamoDB actions allowed on it. */
  tables: Readonly<Record<string, readonly `dynamodb:${string}`[]>>;
  /** Environment variable -> the stack setting (infra/stack-settings.ts) it carries. */
  settings?: Readonly<Record<string, string>>;
  /** The API route that runs it; none for a function a stream or an event runs. */
  route?: Route;
}

/**
 * What a function gets unless it declares otherwise. 256 MB: init is CPU-bound (parsing
 * ~400 KB of JS) and Lambda's CPU share grows with memory; 10 s is far above the 2.5 s store
 * budget (functions/shared/dynamodb.ts).
 */
export const functionDefaults = { timeoutSeconds: 10, memoryMb: 256 } as const;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway resource path, with `{name}` path parameters. */
  path: string;
  authorizer: 'token' | 'none';
  /** For the OpenAPI description. */
  operationId: string;
  summary: string;
  description: string;
  /**
   * The JSON body's schema; `minProperties` where the schema asks for at least one field;
   * an example that works on `npm start`'s demo data (the docs page proposes it).
   */
  requestSchema?: { name: string; schema: z.ZodMiniType; minProperties?: number; example: unknown };
  /** The query string's parameters, each optional: their names, types and descriptions. */
  querySchema?: z.ZodMiniObject;
  /** The answer when it succeeds, and its body's schema (none for 204). */
  success: {
    status: 200 | 201 | 204;
    description: string;
    schema?: { name: string; schema: z.ZodMiniType; example: unknown };
  };
  /** The error codes the function itself answers (API Gateway's own come on top). */
  errors: readonly ErrorCode[];
  /** Accepts an Idempotency-Key (functions/shared/idempotency.ts). */
  idempotencyKey?: boolean;
  /**
   * Tighter than the stage's limits (requests per second, burst): routes anyone can call
   * without a credential.
   */
  throttling?: { rateLimit: number; burstLimit: number };
}
