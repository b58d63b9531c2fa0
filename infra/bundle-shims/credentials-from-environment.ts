/**
 * In the deployed bundles, the SDK's default credential chain (SSO, INI files, processes,
 * web identity, container and instance metadata, and the STS/SSO clients they nest) is
 * replaced by its first link: Lambda hands a function its role's credentials in the
 * environment, and that is the only link a function ever uses. Missing credentials fail
 * with the SDK's own "Unable to find environment variable credentials". Locally the SDK's
 * real chain runs (this file is only an esbuild alias, infra/bundling.ts).
 *
 * Memoized as the real chain is: the SDK does not memoize a default provider itself, and
 * unmemoized the environment would be read and the credentials rebuilt on every request.
 * They are read again only when they carry an expiry that draws near.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import {
  doesIdentityRequireRefresh,
  isIdentityExpired,
  memoizeIdentityProvider,
} from '@smithy/core';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) =>
  memoizeIdentityProvider(fromEnv(init), isIdentityExpired, doesIdentityRequireRefresh);
