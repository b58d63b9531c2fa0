import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { InvitationEventDetail } from './event-schema.ts';
import type { EventSink } from './event-sink.ts';
import { detailTypeOf, invitationEventSource } from './event-types.ts';

/** The stack's event bus: one PutEvents per call; an entry with an error code was not taken. */
export function eventBridgeSink({
  client,
  busName,
}: {
  client: EventBridgeClient;
  busName: string;
}): EventSink {
  return {
    async publish(events: InvitationEventDetail[]) {
      const { Entries = [] } = await client.send(
        new PutEventsCommand({
          Entries: events.map((event) => ({
            EventBusName: busName,
            Source: invitationEventSource,
            DetailType: detailTypeOf(event.type),
            Detail: JSON.stringify(event),
            Time: new Date(event.time),
          })),
        }),
      );
      return {
        published: events.map(
          (_, index) =>
            Entries[index]?.ErrorCode === undefined && Entries[index]?.EventId !== undefined,
        ),
      };
    },
  };
}
