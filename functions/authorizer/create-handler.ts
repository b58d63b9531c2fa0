/**
 * The API's Lambda TOKEN authorizer: `Authorization: Bearer <credential>` -> policy. The
 * middy composition around the decision it is given (handler.ts builds it from the
 * environment).
 */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import {
  type AuthorizeToken,
  createAuthorizeToken,
  Unauthorized,
} from '../shared/credentials/authorize-token.ts';
import { credentialsTable } from '../shared/credentials/table.ts';
import { logger } from '../shared/logger.ts';

function createAuthorizerHandler({ authorizeToken }: { authorizeToken: AuthorizeToken }) {
  return middy<APIGatewayTokenAuthorizerEvent, APIGatewayAuthorizerResult>().handler(
    async (event) => {
      try {
        const result = await authorizeToken(event);
        logger.info('authorized', { principalId: result.principalId });
        return result;
      } catch (error) {
        // Never log the token: only the outcome.
        if (error instanceof Unauthorized) logger.info('unauthorized');
        else logger.error('authorizer failed', { error });
        throw error;
      }
    },
  );
}

/** The handler on the credentials table: what handler.ts and the tests build alike. */
export function composeAuthorizerHandler({
  client,
  tableName,
  sharedUsageKey,
}: {
  client: DynamoDBClient;
  tableName: string;
  /** The usage plan key of organizations without one of their own. */
  sharedUsageKey: string;
}) {
  return createAuthorizerHandler({
    authorizeToken: createAuthorizeToken({
      credentials: credentialsTable({ client, tableName }),
      sharedUsageKey,
    }),
  });
}
