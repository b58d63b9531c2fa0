/**
 * The TOKEN authorizer's decision: a valid credential gets an API-wide Allow, the caller as
 * context and its organization's usage plan key; anything else is `Error('Unauthorized')`, which API Gateway answers
 * with 401. A store failure is thrown as is: API Gateway answers 500, not a misleading 401.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { toAuthorizerContext } from '../identity.ts';
import {
  apiWideResource,
  bearerCredential,
  callerOf,
  isCredentialValid,
  usageKeyOf,
} from './rules.ts';
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
  sharedUsageKey,
}: {
  credentials: Pick<CredentialsTable, 'findCredential'>;
  /** The key of the usage plan for organizations without a key of their own. */
  sharedUsageKey: string;
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
      usageIdentifierKey: usageKeyOf(stored, sharedUsageKey),
    };
  }

  return authorizeToken;
}
