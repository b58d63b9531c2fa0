/**
 * The event publisher on Lambda: the bus its environment names (EVENT_BUS_NAME), its
 * client built once at init, composed by create-handler.ts. Locally (npm start, npm run
 * invoke) EVENTS_FILE turns events into lines of a file instead.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { requiredEnv } from '../shared/config.ts';
import type { EventSink } from '../shared/events/event-sink.ts';
import { eventBridgeSink } from '../shared/events/eventbridge-sink.ts';
import { fileSink } from '../shared/events/file-sink.ts';
import { createEventPublisher } from './create-handler.ts';

const eventsFile = process.env.EVENTS_FILE || undefined;

export const sink: EventSink = eventsFile
  ? fileSink(eventsFile)
  : eventBridgeSink({ client: new EventBridgeClient({}), busName: requiredEnv('EVENT_BUS_NAME') });

export const handler = createEventPublisher({ sink });
