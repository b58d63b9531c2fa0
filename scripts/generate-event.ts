/**
 * `npm run generate-event -- <function>`: an event of that function on stdout, as it
 * receives it, in the spirit of `sam local generate-event`: for a function of the route
 * table, the API Gateway REST proxy event of its route (the authorizer's context in place,
 * the route's example body); for the authorizer, the TOKEN event of a caller's credential.
 * Pipe it into `npm run invoke -- <function> -`, run with `npm run -s` so that npm's own
 * lines stay out of the pipe. The other functions' events come from the stream or the bus:
 * events/ has samples of each.
 *
 *   npm run generate-event -- <function> [--path <name>=<value>]... [--query <name>=<value>]...
 *                             [--body <json>] [--caller <who>] [--content-type <type>]
 *   who: admin (org 100, default), member (org 100), owner (org 200), api-key (org 100), none
 */
import { parseArgs } from 'node:util';
import type { Caller } from '../functions/shared/identity.ts';
import { functions } from '../infra/functions.ts';
import { routes } from '../infra/routes.ts';
import { demoFixturesPath, readFixtures } from '../local/fixtures.ts';
import {
  adminOfOrg100,
  apiEvent,
  apiKeyOfOrg100,
  memberOfOrg100,
  ownerOfOrg200,
} from '../local/sample-events.ts';

const callers = {
  admin: adminOfOrg100,
  member: memberOfOrg100,
  owner: ownerOfOrg200,
  'api-key': apiKeyOfOrg100,
  none: null,
} as const;
const eventFunctions = ['authorizer', ...routes.map((route) => route.function)];
const usage =
  'usage: npm run generate-event -- <function> [--path <name>=<value>]... [--query <name>=<value>]... ' +
  `[--body <json>] [--caller ${Object.keys(callers).join('|')}] [--content-type <type>]\n` +
  `  functions: ${eventFunctions.join(', ')}`;

/** The demo data's working credential of this caller (local/fixtures/demo.json). */
async function demoCredentialOf(caller: Caller): Promise<string> {
  const { credentials } = await readFixtures(demoFixturesPath);
  const credential = credentials.find(
    (candidate) =>
      candidate.organizationId === caller.organizationId &&
      candidate.userId === caller.userId &&
      candidate.roles.join() === caller.roles.join() &&
      candidate.expiresAt === null &&
      !candidate.revoked,
  );
  if (!credential) throw new Error(`the demo data has no credential of ${caller.principalId}`);
  return credential.token;
}

/** `name=value` pairs, as given. */
function pairs(values: string[] | undefined, option: string): Record<string, string> {
  return Object.fromEntries(
    (values ?? []).map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--${option} takes <name>=<value>, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      path: { type: 'string', multiple: true },
      query: { type: 'string', multiple: true },
      body: { type: 'string' },
      caller: { type: 'string', default: 'admin' },
      'content-type': { type: 'string' },
    },
  });
  const [name] = positionals;
  if (name === undefined) throw new Error('which function?');
  if (!Object.hasOwn(functions, name)) throw new Error(`no function "${name}"`);
  if (!Object.hasOwn(callers, values.caller)) throw new Error(`unknown caller ${values.caller}`);
  const caller = callers[values.caller as keyof typeof callers];
  const route = routes.find((candidate) => candidate.function === name);
  let event: unknown;
  if (name === 'authorizer') {
    event = {
      type: 'TOKEN',
      authorizationToken: caller ? `Bearer ${await demoCredentialOf(caller)}` : '',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:local/v1/PUT/v2/users/5/invitation',
    };
  } else if (route) {
    event = apiEvent(route, {
      caller,
      pathParameters: pairs(values.path, 'path'),
      query: pairs(values.query, 'query'),
      ...(values.body === undefined ? {} : { rawBody: values.body }),
      ...(values['content-type'] ? { contentType: values['content-type'] } : {}),
    });
  } else {
    throw new Error(
      `${name} is run by the stream or the bus, not a request: see events/${name}.*.json`,
    );
  }
  console.log(JSON.stringify(event, null, 2));
} catch (error) {
  console.error(`npm run generate-event: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
