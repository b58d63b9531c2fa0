/**
 * DynamoDB's size of an item, as it bills writes (a write unit per 1 KB or part of it):
 * each attribute's name plus its value (a string's UTF-8 bytes; a number about one byte per
 * two significant digits, plus one).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export function itemSize(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (value.S !== undefined) bytes += Buffer.byteLength(value.S);
    else if (value.N !== undefined) {
      const digits = value.N.replace(/^-|\.|^0+/g, '').length;
      bytes += Math.ceil(digits / 2) + 1;
    } else if (value.BOOL !== undefined) bytes += 1;
    else throw new Error(`itemSize: attribute ${name} of a type this estimate does not size`);
  }
  return bytes;
}

export const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
