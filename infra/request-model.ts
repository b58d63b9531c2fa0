/**
 * API Gateway's request model of a route's body, generated from its zod schema so the
 * gateway refuses obviously bad bodies before a Lambda runs (and bills). The conversion is
 * lossy on purpose; the handler's zod validation stays the authority:
 * - `format` and `pattern` go: API Gateway's draft-4 validator reads them differently
 *   (its regex dialect, its own date-time and e-mail grammars) and could refuse valid input;
 * - `maxLength` goes: the gateway validates before the handler's size check, and would
 *   answer an over-long e-mail address in a body over 16 KiB with 400 where the contract
 *   says 413;
 * - refinements (future date, 365 days) don't survive JSON Schema at all;
 * - "at least one field" becomes the route's `minProperties`.
 */
import { type JsonSchema, JsonSchemaVersion } from 'aws-cdk-lib/aws-apigateway';
import * as z from 'zod/mini';
import type { Route } from './routes.ts';

const droppedKeywords = new Set(['$schema', 'format', 'pattern', 'maxLength']);

function stripped(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripped);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([keyword]) => !droppedKeywords.has(keyword))
      .map(([keyword, value]) => [keyword, stripped(value)]),
  );
}

export function requestModelSchema({
  name,
  schema,
  minProperties,
}: NonNullable<Route['requestSchema']>): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: 'draft-4' });
  // CDK's JsonSchema is the same vocabulary with enum-typed `type`s.
  return {
    ...(stripped(generated) as JsonSchema),
    schema: JsonSchemaVersion.DRAFT4,
    title: name,
    ...(minProperties ? { minProperties } : {}),
  };
}
