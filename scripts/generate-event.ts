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
import { functions } from '../infra/functions.ts';
import { routes } from '../infra/routes.ts';
import {
  adminOfOrg100,
  apiEvent,
  apiKeyOfOrg100,
  memberOfOrg100,
  ownerOfOrg200,
} from '../local/sample-events.ts';

const callers = {
  admin: { caller: adminOfOrg100, token: '0afdf1dc-06f5-465b-a094-aa4196f6e7df' },
  member: { caller: memberOfOrg100, token: '3f6b2c1e-8d4a-4e6f-9a7b-5c2d1e0f9a8b' },
  owner: { caller: ownerOfOrg200, token: '9b0833c5-22f3-495f-9181-0740e31f7369' },
  'api-key': { caller: apiKeyOfOrg100, token: 'c1d5e0a2-7b3f-4c8e-9d6a-2f4b8e1c3a57' },
  none: { caller: null, token: undefined },
} as const;
const eventFunctions = ['authorizer', ...routes.map((route) => route.function)];
const usage =
  'usage: npm run generate-event -- <function> [--path <name>=<value>]... [--query <name>=<value>]... ' +
  `[--body <json>] [--caller ${Object.keys(callers).join('|')}] [--content-type <type>]\n` +
  `  functions: ${eventFunctions.join(', ')}`;

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
  const { caller, token } = callers[values.caller as keyof typeof callers];
  const route = routes.find((candidate) => candidate.function === name);
  let event: unknown;
  if (name === 'authorizer') {
    event = {
      type: 'TOKEN',
      authorizationToken: token === undefined ? '' : `Bearer ${token}`,
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
