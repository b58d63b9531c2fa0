import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

export const methodArn =
  'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/v1/PUT/v2/users/5/invitation';

export function tokenEvent(authorizationToken: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', methodArn, authorizationToken };
}
