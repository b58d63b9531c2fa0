/**
 * In the deployed bundles, the SDK's default credential chain (SSO, INI files, processes,
 * web identity, container and instance metadata, and the STS/SSO clients they nest) is
 * replaced by its first link: Lambda hands a function its role's credentials in the
 * environment, and that is the only link a function ever uses. Missing credentials fail
 * with the SDK's own "Unable to find environment variable credentials". Locally the SDK's
 * real chain runs (this file is only an esbuild alias, infra/bundling.ts).
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
