/**
 * The route table: which method and path run which function, behind which authorizer,
 * gathered from the functions' declarations. The CDK stack and the local emulator both read
 * it, so they cannot drift.
 */
import type { Route as DeclaredRoute } from '../functions/shared/function-declaration.ts';
import { type FunctionName, functions } from './functions.ts';

/** A function's declared route, with the function it runs. */
export interface Route extends DeclaredRoute {
  function: FunctionName;
}

/** Every declared route, in the order of the list of functions. */
export const routes: readonly Route[] = (
  Object.entries(functions) as [FunctionName, { route?: DeclaredRoute }][]
).flatMap(([name, { route }]) => (route ? [{ ...route, function: name }] : []));

/** The `{name}` path parameters of a route's path, in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name ?? '');
}

/** The TOKEN authorizer in front of protected routes. */
export const tokenAuthorizer = {
  function: 'authorizer' as FunctionName,
  header: 'Authorization',
  /**
   * API Gateway refuses a header that does not match with 401 before the authorizer runs
   * (a Java regex there, a JS one locally: written to mean the same in both). The
   * authorizer's own parsing (functions/shared/credentials/rules.ts) stays the authority.
   */
  validationRegex: '^[Bb][Ee][Aa][Rr][Ee][Rr] +[\\x21-\\x7E]+$',
  /** API Gateway's default; a revoked credential keeps working until its entry expires. */
  cacheTtlSeconds: 300,
} as const;
