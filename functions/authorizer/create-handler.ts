/**
 * The API's Lambda TOKEN authorizer: `Authorization: Bearer <credential>` -> policy. The
 * middy composition around the decision it is given (handler.ts builds it from the
 * environment).
 */
import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { type AuthorizeToken, Unauthorized } from '../shared/credentials/authorize-token.ts';
import { logger } from '../shared/logger.ts';

export function createAuthorizerHandler({ authorizeToken }: { authorizeToken: AuthorizeToken }) {
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
