/**
 * The floor under the update handler's cold start: the parts it is required to use, and
 * nothing of ours. The DynamoDB client (as in the baseline), middy with
 * http-json-body-parser, http-security-headers and http-cors, and a zod/mini schema of one
 * field. No domain code, no table module, no error middleware: whatever the update handler
 * costs above this is ours to trim.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';

const client = new DynamoDBClient({});
const schema = z.strictObject({ sendEmail: z.optional(z.boolean()) });

export const handler = middy<APIGatewayProxyEvent>()
  .use(httpJsonBodyParser())
  .use(httpSecurityHeaders())
  .use(httpCors())
  .handler(async (event) => ({
    statusCode: 200,
    body: JSON.stringify({
      client: !!client,
      valid: schema.safeParse(event.body as unknown).success,
    }),
  }));
