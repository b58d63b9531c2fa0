/**
 * The API's Lambda functions: the one list of them. Each declares what it needs beside its
 * code (functions/<name>/function.ts: route, tables and actions, settings, timeout); the
 * stack deploys them from here, the local emulator, `npm run invoke`, the tests and the
 * bench find them here. A new function is a folder and a line below.
 */
import { acceptInvitationFunction } from '../functions/accept-invitation/function.ts';
import { authorizerFunction } from '../functions/authorizer/function.ts';
import { createInvitationFunction } from '../functions/create-invitation/function.ts';
import { deliveryFeedbackFunction } from '../functions/delivery-feedback/function.ts';
import { getInvitationFunction } from '../functions/get-invitation/function.ts';
import { listInvitationsFunction } from '../functions/list-invitations/function.ts';
import { previewInvitationFunction } from '../functions/preview-invitation/function.ts';
import { publishEventsFunction } from '../functions/publish-events/function.ts';
import { revokeInvitationFunction } from '../functions/revoke-invitation/function.ts';
import { sendInvitationFunction } from '../functions/send-invitation/function.ts';
import {
  type FunctionDeclaration,
  functionDefaults,
} from '../functions/shared/function-declaration.ts';
import { updateInvitationFunction } from '../functions/update-invitation/function.ts';
import type { StackSettings } from './stack-settings.ts';
import type { tables } from './tables.ts';

const declarations = {
  'create-invitation': createInvitationFunction,
  'update-invitation': updateInvitationFunction,
  'get-invitation': getInvitationFunction,
  'list-invitations': listInvitationsFunction,
  'revoke-invitation': revokeInvitationFunction,
  'preview-invitation': previewInvitationFunction,
  'accept-invitation': acceptInvitationFunction,
  authorizer: authorizerFunction,
  'send-invitation': sendInvitationFunction,
  'publish-events': publishEventsFunction,
  'delivery-feedback': deliveryFeedbackFunction,
} as const satisfies Record<string, FunctionSpec>;

/** A declaration whose tables and settings are ones the stack has (checked at typecheck). */
export interface FunctionSpec extends FunctionDeclaration {
  tables: Partial<Record<keyof typeof tables, readonly `dynamodb:${string}`[]>>;
  settings?: Readonly<Record<string, keyof StackSettings>>;
}

export type FunctionName = keyof typeof declarations;

/** What infra/functions.ts adds to a declaration: its entry, and the defaults filled in. */
interface Deployment {
  entry: string;
  timeoutSeconds: number;
  memoryMb: number;
}

/** A function as the stack deploys it and the local tools run it. */
export type DeployedFunction = FunctionSpec & Deployment;

/**
 * Each declaration with its defaults and its entry: `functions/<name>/handler.ts`, which
 * exports `handler`.
 */
export const functions = Object.fromEntries(
  Object.entries(declarations).map(([name, declaration]) => [
    name,
    { ...functionDefaults, ...declaration, entry: `functions/${name}/handler.ts` },
  ]),
) as {
  [Name in FunctionName]: (typeof declarations)[Name] & Deployment;
};
