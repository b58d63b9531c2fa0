/**
 * The TOKEN authorizer's decision: a valid credential gets an API-wide Allow and the
 * caller as context; anything else is `Error('Unauthorized')`, which API Gateway answers
 * with 401. A store failure is thrown as is: API Gateway answers 500, not a misleading 401.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { toAuthorizerContext } from '../identity.ts';
import { apiWideResource, bearerCredential, callerOf, isCredentialValid } from './rules.ts';
import { type CredentialsTable, hashCredential } from './table.ts';

export class Unauthorized extends Error {
  constructor() {
    // API Gateway matches this exact message.
    super('Unauthorized');
    this.name = 'Unauthorized';
  }
}

export type AuthorizeToken = (
  event: APIGatewayTokenAuthorizerEvent,
  now?: Date,
) => Promise<APIGatewayAuthorizerResult>;

export function createAuthorizeToken({
  credentials,
}: {
  credentials: Pick<CredentialsTable, 'findCredential'>;
}): AuthorizeToken {
  async function authorizeToken(
    event: APIGatewayTokenAuthorizerEvent,
    now = new Date(),
  ): Promise<APIGatewayAuthorizerResult> {
    const credential = bearerCredential(event.authorizationToken);
    if (credential === undefined) throw new Unauthorized();
    const stored = await credentials.findCredential(hashCredential(credential));
    if (stored === undefined || !isCredentialValid(stored, now)) throw new Unauthorized();

    const caller = callerOf(stored);
    return {
      principalId: caller.principalId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: apiWideResource(event.methodArn),
          },
        ],
      },
      context: toAuthorizerContext(caller),
    };
  }

  return authorizeToken;
}
