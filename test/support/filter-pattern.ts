/**
 * CloudWatch Logs' JSON filter patterns, evaluated on a log line as CloudWatch does: the
 * subset this stack writes (`{ $.a.b = "text" }`, `!=`, numbers, `&&`, `||`, parentheses,
 * `*` at the end of a string value). Anything else throws, so a filter in another syntax
 * fails its test instead of passing unexamined.
 */
type Json = unknown;

export function matchesFilterPattern(pattern: string, line: string): boolean {
  const body = /^\s*\{(.*)\}\s*$/s.exec(pattern)?.[1];
  if (body === undefined) throw new Error(`not a JSON filter pattern: ${pattern}`);
  let event: Json;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  const tokens =
    body.match(
      /\$(?:\.[\w-]+|\[\d+\])+|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|&&|\|\||!=|>=|<=|=|>|<|\(|\)|\S+/g,
    ) ?? [];
  let position = 0;
  const next = () => tokens[position++];
  const peek = () => tokens[position];

  const valueAt = (selector: string): Json => {
    let value: Json = event;
    for (const [, key, index] of selector.matchAll(/\.([\w-]+)|\[(\d+)\]/g)) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, Json>)[key ?? Number(index)];
    }
    return value;
  };
  const comparison = (): boolean => {
    const selector = next();
    const operator = next();
    const literal = next();
    if (!selector?.startsWith('$') || operator === undefined || literal === undefined) {
      throw new Error(`unsupported filter pattern: ${pattern}`);
    }
    const value = valueAt(selector);
    if (literal.startsWith('"')) {
      const text = JSON.parse(literal) as string;
      if (operator !== '=' && operator !== '!=') throw new Error(`unsupported: ${pattern}`);
      const equal =
        typeof value === 'string' &&
        (text.endsWith('*') ? value.startsWith(text.slice(0, -1)) : value === text);
      return operator === '=' ? equal : value !== undefined && !equal;
    }
    const number = Number(literal);
    if (Number.isNaN(number)) throw new Error(`unsupported filter pattern: ${pattern}`);
    if (typeof value !== 'number') return false;
    switch (operator) {
      case '=':
        return value === number;
      case '!=':
        return value !== number;
      case '>':
        return value > number;
      case '<':
        return value < number;
      case '>=':
        return value >= number;
      case '<=':
        return value <= number;
      default:
        throw new Error(`unsupported filter pattern: ${pattern}`);
    }
  };
  const primary = (): boolean => {
    if (peek() === '(') {
      next();
      const result = disjunction();
      if (next() !== ')') throw new Error(`unbalanced filter pattern: ${pattern}`);
      return result;
    }
    return comparison();
  };
  const conjunction = (): boolean => {
    let result = primary();
    while (peek() === '&&') {
      next();
      result = primary() && result;
    }
    return result;
  };
  const disjunction = (): boolean => {
    let result = conjunction();
    while (peek() === '||') {
      next();
      result = conjunction() || result;
    }
    return result;
  };
  const result = disjunction();
  if (position !== tokens.length) throw new Error(`unsupported filter pattern: ${pattern}`);
  return result;
}
