/**
 * An organization's own usage plan key (its share of the API, infra/rest-api.ts), as
 * `npm run credentials` gives it to the organization's credentials. Deployed: an API key
 * in the stack's organizations plan (output OrganizationsUsagePlanId), named after the
 * plan and the organization, made when missing and found again for its next credential.
 * Locally, a name: the emulator gives every key it is handed a bucket of its own.
 */
import { randomBytes } from 'node:crypto';
import {
  type APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  GetApiKeysCommand,
} from '@aws-sdk/client-api-gateway';

export const localUsageKey = (organizationId: number) => `local-organization-${organizationId}`;

export async function organizationUsageKey(
  client: APIGatewayClient,
  usagePlanId: string,
  organizationId: number,
): Promise<string> {
  const name = `${usagePlanId}-organization-${organizationId}`;
  let key = await findApiKey(client, name);
  key ??= await client.send(
    new CreateApiKeyCommand({
      name,
      description: `Organization ${organizationId}'s share of the invitations API`,
      enabled: true,
      // Not a secret (API Gateway takes keys from the authorizer alone), but unguessable
      // all the same, and unique in the region as API Gateway requires.
      value: `organization-${organizationId}-${randomBytes(18).toString('base64url')}`,
    }),
  );
  if (!key.id || !key.value) throw new Error(`API Gateway returned no id or value for ${name}`);
  try {
    await client.send(
      new CreateUsagePlanKeyCommand({ usagePlanId, keyId: key.id, keyType: 'API_KEY' }),
    );
  } catch (error) {
    // Already in the plan: a key of this organization made for an earlier credential.
    if (!(error instanceof ConflictException)) throw error;
  }
  return key.value;
}

/** The API key of exactly this name, if there is one. */
async function findApiKey(client: APIGatewayClient, name: string) {
  let position: string | undefined;
  do {
    // nameQuery matches a prefix: organization 10's query also finds 100's key.
    const page = await client.send(
      new GetApiKeysCommand({ nameQuery: name, includeValues: true, limit: 500, position }),
    );
    const key = page.items?.find((item) => item.name === name);
    if (key) return key;
    position = page.position;
  } while (position);
  return undefined;
}
