/**
 * A key of the stack kept in Secrets Manager, read by the function itself: one
 * GetSecretValue started at init (it overlaps the rest of the cold start) and kept for the
 * instance's life, so a new secret value takes effect as instances start anew, with no
 * deploy, and the value never sits in the function's configuration, where anyone allowed
 * lambda:GetFunctionConfiguration could read it. Deployed, `<NAME>_SECRET_ARN` names the
 * secret; locally and in tests `<NAME>` gives the value itself.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requiredEnv } from './config.ts';

export type SecretValue = () => Promise<string>;

export function secretFromEnvironment(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): SecretValue {
  const value = env[name];
  if (value) return () => Promise.resolve(value);
  const secretId = requiredEnv(`${name}_SECRET_ARN`, env);
  const client = new SecretsManagerClient({});
  const read = () =>
    client.send(new GetSecretValueCommand({ SecretId: secretId })).then(({ SecretString }) => {
      if (!SecretString) throw new Error(`secret ${secretId} has no string value`);
      return SecretString;
    });
  let reading = read();
  // A failed read at init is not the end of the instance: the next request reads again.
  reading.catch(() => {});
  return () => {
    reading = reading.catch(read);
    return reading;
  };
}
