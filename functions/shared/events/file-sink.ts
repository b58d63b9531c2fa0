import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { InvitationEventDetail } from './event-schema.ts';
import type { DeliveredEvent, EventSink } from './event-sink.ts';
import { detailTypeOf, invitationEventSource } from './event-types.ts';

/** An event as EventBridge would deliver it, for local runs (no account, no region). */
export function asDelivered(event: InvitationEventDetail): DeliveredEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailTypeOf(event.type),
    source: invitationEventSource,
    account: '000000000000',
    time: event.time,
    region: 'local',
    resources: [],
    detail: event,
  };
}

/**
 * Locally (npm start, npm run invoke): each event a JSON line of a file, as the bus would
 * deliver it; `onDelivered` hands it on (npm start's webhook).
 */
export function fileSink(path: string, onDelivered?: (event: DeliveredEvent) => void): EventSink {
  return {
    async publish(events: InvitationEventDetail[]) {
      const delivered = events.map(asDelivered);
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, delivered.map((event) => `${JSON.stringify(event)}\n`).join(''));
      for (const event of delivered) onDelivered?.(event);
      return { published: events.map(() => true) };
    },
  };
}
