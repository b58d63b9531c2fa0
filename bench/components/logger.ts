/** One library on top of the baseline (the DynamoDB client alone): its share of the cold start. */

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});
const logger = new Logger({ serviceName: 'x' });
export const handler = async () => [client, logger, injectLambdaContext];
