import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Placeholders for an expression built piece by piece: `name('status')` is `#status`,
 * `value('now', {S: ...})` is `:now`, each recorded once for the request.
 */
export function expressionBuilder() {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  return {
    names,
    values,
    name(attribute: string) {
      names[`#${attribute}`] = attribute;
      return `#${attribute}`;
    },
    value(placeholder: string, attributeValue: AttributeValue) {
      values[`:${placeholder}`] = attributeValue;
      return `:${placeholder}`;
    },
  };
}
