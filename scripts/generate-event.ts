/**
 * `npm run generate-event`: an API Gateway REST proxy event of this API on stdout, as the
 * handler receives it (the authorizer's context in place), in the spirit of
 * `sam local generate-event`. Pipe it into `npm run invoke -- update-invitation -`, run with
 * `npm run -s` so that npm's own lines stay out of the pipe.
 *
 *   npm run generate-event -- [--method PUT|GET|DELETE] [--user <id>] [--body <json>]
 *                             [--caller <who>] [--content-type <type>]
 *   who: admin (org 100, default), member (org 100), owner (org 200), api-key (org 100), none
 */
import { parseArgs } from 'node:util';
import {
  adminOfOrg100,
  apiKeyOfOrg100,
  invitationEvent,
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
const usage =
  'usage: npm run generate-event -- [--method PUT|GET|DELETE] [--user <id>] [--body <json>] [--caller ' +
  `${Object.keys(callers).join('|')}] [--content-type <type>]`;

try {
  const { values } = parseArgs({
    options: {
      method: { type: 'string', default: 'PUT' },
      user: { type: 'string', default: '5' },
      body: { type: 'string' },
      caller: { type: 'string', default: 'admin' },
      'content-type': { type: 'string' },
    },
  });
  if (!Object.hasOwn(callers, values.caller)) throw new Error(`unknown caller ${values.caller}`);
  const methods = ['PUT', 'GET', 'DELETE'] as const;
  const method = methods.find((candidate) => candidate === values.method.toUpperCase());
  if (!method) throw new Error(`unknown method ${values.method}`);
  const event = invitationEvent({
    method,
    userId: values.user,
    // A PUT's default body asks for an e-mail; GET and DELETE carry none.
    rawBody: values.body ?? (method === 'PUT' ? '{"sendEmail": true}' : null),
    caller: callers[values.caller as keyof typeof callers],
    ...(values['content-type'] ? { contentType: values['content-type'] } : {}),
  });
  console.log(JSON.stringify(event, null, 2));
} catch (error) {
  console.error(`npm run generate-event: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
