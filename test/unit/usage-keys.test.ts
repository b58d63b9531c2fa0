/**
 * An organization's usage plan key in a deployed stage, on a faked API Gateway client that
 * keeps its keys and plans as API Gateway would: made once, found again, in the plan once.
 */
import {
  type APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  GetApiKeysCommand,
} from '@aws-sdk/client-api-gateway';
import { expect, test } from 'vitest';
import { localUsageKey, organizationUsageKey } from '../../local/usage-keys.ts';

function fakeApiGateway() {
  const keys: { id: string; name: string; value: string }[] = [];
  const planKeys = new Set<string>();
  const client = {
    async send(command: unknown) {
      if (command instanceof GetApiKeysCommand) {
        const { nameQuery, includeValues } = command.input;
        // nameQuery is a prefix match in API Gateway.
        const items = keys
          .filter((key) => key.name.startsWith(nameQuery ?? ''))
          .map((key) => ({ ...key, value: includeValues ? key.value : undefined }));
        return { items };
      }
      if (command instanceof CreateApiKeyCommand) {
        const { name = '', value = '' } = command.input;
        if (keys.some((key) => key.value === value)) {
          throw new ConflictException({ message: 'API Key already exists', $metadata: {} });
        }
        const key = { id: `key${keys.length + 1}`, name, value };
        keys.push(key);
        return key;
      }
      if (command instanceof CreateUsagePlanKeyCommand) {
        const entry = `${command.input.usagePlanId}/${command.input.keyId}`;
        if (planKeys.has(entry)) {
          throw new ConflictException({ message: 'already in plan', $metadata: {} });
        }
        planKeys.add(entry);
        return {};
      }
      throw new Error(`unexpected ${(command as object).constructor.name}`);
    },
  } as unknown as APIGatewayClient;
  return { client, keys, planKeys };
}

test("made once, in the organizations' plan; found again by the next credential of that organization", async () => {
  const gateway = fakeApiGateway();
  const first = await organizationUsageKey(gateway.client, 'plan1', 100);
  expect(first).toMatch(/^.{20,}$/);
  expect(gateway.keys).toHaveLength(1);
  expect(gateway.planKeys).toEqual(new Set(['plan1/key1']));

  expect(await organizationUsageKey(gateway.client, 'plan1', 100)).toBe(first);
  expect(gateway.keys).toHaveLength(1);
});

test('each organization its own key: a prefix of its name (10 of 100) is another organization', async () => {
  const gateway = fakeApiGateway();
  const hundred = await organizationUsageKey(gateway.client, 'plan1', 100);
  const ten = await organizationUsageKey(gateway.client, 'plan1', 10);
  expect(ten).not.toBe(hundred);
  expect(gateway.keys).toHaveLength(2);
  expect(gateway.planKeys.size).toBe(2);
});

test('a key made by a run that stopped before adding it to the plan is added by the next', async () => {
  const gateway = fakeApiGateway();
  gateway.keys.push({
    id: 'orphan',
    name: 'plan1-organization-7',
    value: 'a-value-of-twenty-chars',
  });
  expect(await organizationUsageKey(gateway.client, 'plan1', 7)).toBe('a-value-of-twenty-chars');
  expect(gateway.planKeys).toEqual(new Set(['plan1/orphan']));
});

test('locally: one key per organization, no API Gateway', () => {
  expect(localUsageKey(100)).not.toBe(localUsageKey(10));
  expect(localUsageKey(100)).toBe(localUsageKey(100));
});
