/**
 * A template's intrinsic functions resolved for one imagined deployment (an account, a
 * region, each resource's ARN from its logical id), so that a policy can be evaluated as
 * AWS would evaluate the deployed one.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
export interface Deployment {
  accountId: string;
  region: string;
  /** Logical id -> what `Ref` and `Fn::GetAtt ... Arn` give for it. */
  arnOf: (logicalId: string, resourceType: string) => string;
}

export function resolveIntrinsics(
  value: unknown,
  deployment: Deployment,
  resources: Record<string, { Type: string }>,
): unknown {
  const resolve = (inner: unknown): unknown => resolveIntrinsics(inner, deployment, resources);
  if (Array.isArray(value)) return value.map(resolve);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key === 'Ref') {
    const name = String(argument);
    if (name === 'AWS::AccountId') return deployment.accountId;
    if (name === 'AWS::Region') return deployment.region;
    if (name === 'AWS::Partition') return 'aws';
    if (name === 'AWS::URLSuffix') return 'amazonaws.com';
    if (name === 'AWS::StackId') {
      return `arn:aws:cloudformation:${deployment.region}:${deployment.accountId}:stack/Stack/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
    }
    const resource = resources[name];
    if (!resource) throw new Error(`Ref to unknown ${name}`);
    return deployment.arnOf(name, resource.Type);
  }
  if (entries.length === 1 && key === 'Fn::GetAtt') {
    const [name, attribute] = argument as [string, string];
    const resource = resources[name];
    if (!resource) throw new Error(`GetAtt of unknown ${name}`);
    if (attribute === 'Arn') return deployment.arnOf(name, resource.Type);
    return `${deployment.arnOf(name, resource.Type)}/${attribute}`;
  }
  if (entries.length === 1 && key === 'Fn::Join') {
    const [separator, parts] = argument as [string, unknown[]];
    return parts.map((part) => String(resolve(part))).join(separator);
  }
  if (entries.length === 1 && key === 'Fn::Split') {
    const [separator, source] = argument as [string, unknown];
    return String(resolve(source)).split(separator);
  }
  if (entries.length === 1 && key === 'Fn::Select') {
    const [index, list] = argument as [number | string, unknown];
    return (resolve(list) as unknown[])[Number(index)];
  }
  return Object.fromEntries(entries.map(([name, inner]) => [name, resolve(inner)]));
}

/** ARNs of the kinds the stack's policies name, in the imagined account and region. */
export function arnsIn(accountId: string, region: string): Deployment {
  return {
    accountId,
    region,
    arnOf: (logicalId, type) => {
      switch (type) {
        case 'AWS::SNS::Topic':
          return `arn:aws:sns:${region}:${accountId}:${logicalId}`;
        case 'AWS::SQS::Queue':
          return `arn:aws:sqs:${region}:${accountId}:${logicalId}`;
        case 'AWS::DynamoDB::Table':
          return `arn:aws:dynamodb:${region}:${accountId}:table/${logicalId}`;
        case 'AWS::Events::EventBus':
          return `arn:aws:events:${region}:${accountId}:event-bus/${logicalId}`;
        case 'AWS::SecretsManager::Secret':
          return `arn:aws:secretsmanager:${region}:${accountId}:secret:${logicalId}-AbCdEf`;
        case 'AWS::KMS::Key':
          return `arn:aws:kms:${region}:${accountId}:key/${logicalId}`;
        // Ref gives its name, which the policies and the sender's environment use.
        case 'AWS::SES::ConfigurationSet':
          return logicalId;
        case 'AWS::Lambda::Function':
          return `arn:aws:lambda:${region}:${accountId}:function:${logicalId}`;
        default:
          return `arn:aws:unknown:${region}:${accountId}:${logicalId}`;
      }
    },
  };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The identity policies of the role of the function whose logical id starts with `prefix`. */
export function identityPoliciesOf(
  resources: Resources,
  prefix: string,
  resolve: (value: unknown) => unknown,
): Simulation['identityPolicies'] {
  const fn = Object.entries(resources).find(
    ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith(prefix),
  )?.[1];
  if (!fn) throw new Error(`no function ${prefix}`);
  const role = JSON.stringify((fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
  return Object.entries(resources)
    .filter(
      ([, resource]) =>
        resource.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(resource.Properties.Roles).includes(role),
    )
    .map(([id, resource]) => ({
      name: id,
      // A resolved template policy document: the simulator validates it.
      policy: resolve(
        resource.Properties.PolicyDocument,
      ) as Simulation['identityPolicies'][number]['policy'],
    }));
}

/**
 * Whether the role of the function `functionName` (its logical id's prefix, dashes dropped)
 * allows `action` on `resource`, as IAM would evaluate its resolved identity policies.
 */
export async function roleAllows(
  resources: Resources,
  deployment: Deployment,
  functionName: string,
  action: string,
  resource: string,
): Promise<boolean> {
  const resolve = (value: unknown) => resolveIntrinsics(value, deployment, resources);
  const response = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${deployment.accountId}:role/${functionName}`,
        action,
        resource: { accountId: deployment.accountId, resource },
        contextVariables: {},
      },
      identityPolicies: identityPoliciesOf(resources, functionName.replaceAll('-', ''), resolve),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult === 'Allowed';
}
