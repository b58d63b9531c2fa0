/**
 * The API's OpenAPI 3.1 description, generated from the sources of truth: the route table
 * (paths, methods, authorizer), the zod schemas (path and body, with their formats and
 * descriptions), the error codes (statuses and messages) and the contract's headers.
 * `npm run openapi` writes it to docs/openapi.json; a test fails when that file is stale.
 */
import * as z from 'zod/mini';
import { invitationEventDetailSchema } from '../functions/shared/events/event-schema.ts';
import {
  detailTypeOf,
  invitationEventSource,
  invitationEventTypes,
} from '../functions/shared/events/event-types.ts';
import { type ErrorCode, errorCodes } from '../functions/shared/http/errors.ts';
import { contractHeaders } from '../functions/shared/http/headers.ts';
import { idempotencyKeyHeader } from '../functions/shared/idempotency.ts';
import { positiveIdPattern } from '../functions/shared/ids.ts';
import { gatewayResponses } from './gateway-responses.ts';
import { pathParameterNames, type Route, routes, tokenAuthorizer } from './routes.ts';

type Json = Record<string, unknown>;

/** The demo data's admin (local/fixtures/demo.json): what the docs page's examples work with. */
const demoAdminCredential = '0afdf1dc-06f5-465b-a094-aa4196f6e7df';

const headerRefs = Object.fromEntries(
  Object.keys(contractHeaders).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

/** The codes a route's callers can meet, by status: its function's and API Gateway's. */
function errorResponses(route: Route): Json {
  const gatewayCodes = Object.values(gatewayResponses).filter(
    (code) =>
      (route.requestSchema !== undefined ||
        (code !== 'PayloadTooLarge' && code !== 'ValidationFailed')) &&
      (route.authorizer === 'token' || (code !== 'Unauthorized' && code !== 'AccessDenied')),
  );
  const codes = new Set<ErrorCode>([...route.errors, ...gatewayCodes]);
  const byStatus = new Map<number, string[]>();
  for (const [code, { status }] of Object.entries(errorCodes)) {
    if (!codes.has(code as ErrorCode)) continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: codes
          .map((code) => `\`${code}\`: ${errorCodes[code as keyof typeof errorCodes].message}`)
          .join('\n\n'),
        headers: {
          ...headerRefs,
          ...(status === 429
            ? { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } }
            : {}),
        },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
}

export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const parameters = pathParameterNames(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      description: 'The user: decimal digits, no sign, no leading zero, 1 to 9007199254740991.',
      schema: { type: 'string', pattern: positiveIdPattern.source },
      // A pending invitation of the demo data's organization 100.
      example: '5',
    }));
    const operation: Json = {
      tags: [route.authorizer === 'token' ? 'Invitations' : 'Invitee'],
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      ...(route.authorizer === 'token' ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [
        ...parameters,
        ...queryParameters(route),
        ...(route.idempotencyKey
          ? [
              {
                name: idempotencyKeyHeader,
                in: 'header',
                required: false,
                description:
                  'Makes a retry safe: within 24 h, the same key with the same request answers the original 200 without applying it again; with another request, 422. Server-to-server only (CORS does not allow it).',
                schema: { type: 'string', minLength: 1, maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(route.requestSchema
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { $ref: `#/components/schemas/${route.requestSchema.name}` },
                  example: route.requestSchema.example,
                },
              },
            },
          }
        : {}),
      responses: {
        [String(route.success.status)]: {
          description: route.success.description,
          headers: headerRefs,
          ...(route.success.schema
            ? {
                content: {
                  'application/json': {
                    schema: { $ref: `#/components/schemas/${route.success.schema.name}` },
                    example: route.success.schema.example,
                  },
                },
              }
            : {}),
        },
        ...errorResponses(route),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }

  const requestSchemas = Object.fromEntries(
    routes.flatMap((route) =>
      route.requestSchema ? [[route.requestSchema.name, jsonSchemaOf(route.requestSchema)]] : [],
    ),
  );
  const responseSchemas = Object.fromEntries(
    routes.flatMap(({ success: { schema } }) =>
      schema ? [[schema.name, jsonSchemaOf({ ...schema, io: 'output' })]] : [],
    ),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Invitations API',
      version: '2.0.0',
      description:
        "Create, list, read, update and revoke users' invitations and (re)send them by e-mail or SMS; every change of an invitation is also an event for your webhooks. Every response carries the headers listed on it; errors are JSON with a `code` and a `message`.",
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'npm start' }],
    tags: [
      {
        name: 'Invitations',
        description: "An organization's invitations: a credential of an admin or owner.",
      },
      { name: 'Invitee', description: "The invited person's link: its token, no credential." },
    ],
    paths,
    webhooks: {
      invitationEvent: {
        post: {
          summary: 'An invitation event (docs/events.md)',
          description:
            'Every change of an invitation, POSTed by EventBridge to each webhook of the stack settings whose events include its type. Deduplicate on `detail.eventId`; order by `detail.sequence`.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/InvitationEvent' } },
            },
          },
          responses: { '2XX': { description: 'Taken; anything else is retried for up to 24 h.' } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `\`${tokenAuthorizer.header}: Bearer <credential>\`: a session credential or an organization API key. On \`npm start\`'s demo data, \`${demoAdminCredential}\` is an admin of organization 100 (user 5's).`,
        },
      },
      headers: Object.fromEntries(
        Object.entries(contractHeaders).map(([name, value]) => [
          name,
          { description: `Always \`${value}\``, schema: { type: 'string', const: value } },
        ]),
      ),
      schemas: {
        ...requestSchemas,
        ...responseSchemas,
        InvitationEvent: {
          type: 'object',
          description: "EventBridge's envelope around the event's detail.",
          required: ['id', 'detail-type', 'source', 'time', 'detail'],
          properties: {
            version: { type: 'string' },
            id: {
              type: 'string',
              description: 'New on each delivery: deduplicate on `detail.eventId`.',
            },
            'detail-type': {
              type: 'string',
              enum: invitationEventTypes.map(detailTypeOf),
            },
            source: { type: 'string', const: invitationEventSource },
            account: { type: 'string' },
            time: { type: 'string', format: 'date-time' },
            region: { type: 'string' },
            resources: { type: 'array', items: { type: 'string' } },
            detail: { $ref: '#/components/schemas/InvitationEventDetail' },
          },
        },
        InvitationEventDetail: jsonSchemaOf({
          schema: invitationEventDetailSchema,
          io: 'output',
        }),
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: {
              type: 'string',
              enum: [...new Set([...Object.keys(errorCodes), ...Object.values(gatewayResponses)])],
            },
            message: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
          additionalProperties: false,
        },
      },
    },
  };
}

/** A route's query parameters, each optional, from its query schema. */
function queryParameters(route: Route): Json[] {
  if (route.querySchema === undefined) return [];
  const { properties = {} } = z.toJSONSchema(route.querySchema, { io: 'input' }) as {
    properties?: Record<string, Json & { description?: string }>;
  };
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: false,
    ...(description === undefined ? {} : { description }),
    schema,
  }));
}

function jsonSchemaOf({
  schema,
  minProperties,
  io = 'input',
}: {
  schema: z.ZodMiniType;
  minProperties?: number;
  io?: 'input' | 'output';
}): Json {
  const { $schema: _, ...generated } = z.toJSONSchema(schema, { io }) as Json;
  return { ...generated, ...(minProperties ? { minProperties } : {}) };
}
