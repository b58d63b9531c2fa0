/** The invitations table's stream -> events of its changes on the bus, at least once, in order. */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { EventSink } from '../shared/events/event-sink.ts';
import { publishEvents } from '../shared/events/publish-events.ts';

export function createEventPublisher({ sink }: { sink: EventSink }) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
    publishEvents(event.Records, sink),
  );
}
