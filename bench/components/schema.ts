/** One library on top of the baseline (the DynamoDB client alone): its share of the cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { invitationUpdateSchema } from '../../functions/shared/invitations/schema.ts';

const client = new DynamoDBClient({});
export const handler = async () => [client, invitationUpdateSchema];
