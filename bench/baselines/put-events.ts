/**
 * Baseline of the event publisher: the simplest handler anyone would write, an
 * EventBridge client and one PutEvents of a stream batch's new images.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

const client = new EventBridgeClient({});

export const handler = async (event: { Records: { dynamodb?: { NewImage?: unknown } }[] }) => {
  await client.send(
    new PutEventsCommand({
      Entries: event.Records.slice(0, 10).map((record) => ({
        EventBusName: process.env.EVENT_BUS_NAME,
        Source: 'invitations-api',
        DetailType: 'Invitation Changed',
        Detail: JSON.stringify(record.dynamodb?.NewImage ?? {}),
      })),
    }),
  );
  return { batchItemFailures: [] };
};
