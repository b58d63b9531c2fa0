/** An invitation in DynamoDB's attribute-value form, both ways (the API's names, S and N). */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Invitation } from './invitation.ts';

export function toItem(invitation: Invitation): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const [key, attribute] of Object.entries(invitation)) {
    if (attribute === undefined) continue;
    item[key] = typeof attribute === 'number' ? { N: String(attribute) } : { S: attribute };
  }
  return item;
}

export function fromItem(item: Record<string, AttributeValue>): Invitation {
  const invitation: Record<string, string | number> = {};
  for (const [key, attribute] of Object.entries(item)) {
    if (attribute.S !== undefined) invitation[key] = attribute.S;
    else if (attribute.N !== undefined) invitation[key] = Number(attribute.N);
  }
  // Fixtures may leave status out; the contract's default is pending.
  return { status: 'pending', ...invitation } as unknown as Invitation;
}
