/**
 * A key of the stack kept in Secrets Manager, read by the function itself: one
 * GetSecretValue per instance, when a request first needs the key, kept for the instance's
 * life, so a new secret value takes effect as instances start anew, with no deploy, and the
 * value never sits in the function's configuration, where anyone allowed
 * lambda:GetFunctionConfiguration could read it. Deployed, `<NAME>_SECRET_ARN` names the
 * secret; locally and in tests `<NAME>` gives the value itself.
 *
 * One signed request with the SDK's own SigV4 signer (already in every bundle, for
 * DynamoDB), not the Secrets Manager client: that client's modules cost the create's cold
 * start 6% loaded at init and 24% loaded on first use (bench/README.md), for one call.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { requiredEnv } from './config.ts';

export type SecretValue = () => Promise<string>;

export function secretFromEnvironment(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): SecretValue {
  const value = env[name];
  if (value) return () => Promise.resolve(value);
  const secretId = requiredEnv(`${name}_SECRET_ARN`, env);
  let reading: Promise<string> | undefined;
  return () => {
    // A failed read is not the end of the instance: the next request reads again.
    reading =
      reading === undefined
        ? getSecretValue(secretId, env)
        : reading.catch(() => getSecretValue(secretId, env));
    return reading;
  };
}

/** Secrets Manager's GetSecretValue (JSON 1.1 protocol), signed with the function's role. */
async function getSecretValue(secretId: string, env: NodeJS.ProcessEnv): Promise<string> {
  const region = requiredEnv('AWS_REGION', env);
  const endpoint = new URL(
    env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? `https://secretsmanager.${region}.amazonaws.com`,
  );
  const body = JSON.stringify({ SecretId: secretId });
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region,
    credentials: {
      accessKeyId: requiredEnv('AWS_ACCESS_KEY_ID', env),
      secretAccessKey: requiredEnv('AWS_SECRET_ACCESS_KEY', env),
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: '/',
    query: {},
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  });
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: signed.headers,
    body,
    signal: AbortSignal.timeout(5_000),
  });
  const answer = (await response.json()) as { SecretString?: string; __type?: string };
  if (!response.ok || !answer.SecretString) {
    throw new Error(
      `GetSecretValue of ${secretId} answered ${response.status} ${answer.__type ?? 'without a string value'}`,
    );
  }
  return answer.SecretString;
}

/** SHA-256 and HMAC-SHA256 as the signer asks for them, from node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}
