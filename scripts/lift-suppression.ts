/**
 * `npm run lift-suppression`: takes an e-mail address off an organization's suppression
 * list (a bounce or a complaint put it there), when the organization's admin says the
 * address works again: its owner fixed the mailbox, or asked to be written to again.
 * Any case of the address finds it.
 *
 *   npm run lift-suppression -- --organization <id> --email <address> \
 *     [--table <SendLimitsTableName>] [--region <region>]
 *
 * With DYNAMODB_ENDPOINT set it works on that store; with neither it nor a region, on the
 * running `npm start`'s store.
 */
import { parseArgs } from 'node:util';
import { useLocalEnvironment } from '../local/environment.ts';
import { chooseStore } from '../local/running-store.ts';
import { storeFrom } from '../local/store.ts';

const { values } = parseArgs({
  options: {
    organization: { type: 'string' },
    email: { type: 'string' },
    table: { type: 'string' },
    region: { type: 'string' },
  },
});
const organizationId = Number(values.organization);
if (!Number.isSafeInteger(organizationId) || organizationId < 1 || !values.email) {
  console.error(
    'usage: npm run lift-suppression -- --organization <id> --email <address> [--table <name>] [--region <region>]',
  );
  process.exit(2);
}
if (values.table) process.env.SEND_LIMITS_TABLE = values.table;
if (values.region) process.env.AWS_REGION = values.region;
chooseStore('npm run lift-suppression');
useLocalEnvironment();

try {
  const { sendLimits } = storeFrom(process.env);
  const lifted = await sendLimits.lift(organizationId, values.email);
  console.log(
    lifted
      ? `lifted: organization ${organizationId} may send to ${values.email} again`
      : `not suppressed: organization ${organizationId} had no suppression of ${values.email}`,
  );
} catch (error) {
  console.error(`npm run lift-suppression: ${(error as Error).message}`);
  process.exit(1);
}
