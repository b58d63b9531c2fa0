/** One library on top of the baseline (the DynamoDB client alone): its share of the cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';

const client = new DynamoDBClient({});
export const handler = middy()
  .use([
    httpCors({ origin: '*' }),
    httpHeaderNormalizer(),
    httpJsonBodyParser(),
    httpSecurityHeaders({}),
  ])
  .handler(async () => ({ a: !!client }));
