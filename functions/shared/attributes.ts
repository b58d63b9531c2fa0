/**
 * Reading an item DynamoDB returns: every attribute must have the type the code expects,
 * or the read fails naming the item and the attribute, rather than carrying an empty
 * string or NaN into a rule. One style for every table module.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

export function attributesOf(item: Item, what: string) {
  const wrong = (name: string, expected: string): never => {
    throw new Error(`${what}: attribute ${name} is not ${expected}`);
  };
  const optionalString = (name: string): string | undefined => {
    const attribute = item[name];
    if (attribute === undefined) return undefined;
    return attribute.S ?? wrong(name, 'a string');
  };
  const optionalNumber = (name: string): number | undefined => {
    const attribute = item[name];
    if (attribute === undefined) return undefined;
    const value = Number(attribute.N ?? Number.NaN);
    return Number.isFinite(value) ? value : wrong(name, 'a number');
  };
  return {
    optionalString,
    optionalNumber,
    string: (name: string): string => optionalString(name) ?? wrong(name, 'present'),
    number: (name: string): number => optionalNumber(name) ?? wrong(name, 'present'),
    optionalBoolean: (name: string): boolean | undefined => {
      const attribute = item[name];
      if (attribute === undefined) return undefined;
      return attribute.BOOL ?? wrong(name, 'a boolean');
    },
    /** One of `values`, or `fallback` when absent. */
    oneOf: <T extends string>(name: string, values: readonly T[], fallback?: T): T => {
      const value = optionalString(name) ?? fallback;
      return values.includes(value as T)
        ? (value as T)
        : wrong(name, `one of ${values.join(', ')}`);
    },
    /** A list of strings, each one of `values`. */
    listOf: <T extends string>(name: string, values: readonly T[]): T[] =>
      (item[name]?.L ?? wrong(name, 'a list')).map((element) =>
        values.includes(element.S as T)
          ? (element.S as T)
          : wrong(name, `a list of ${values.join(', ')}`),
      ),
  };
}

/** The object without its undefined properties (absent attributes stay absent). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
