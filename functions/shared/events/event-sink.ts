import type { InvitationEventDetail } from './event-schema.ts';

/**
 * Where events go: the stack's bus (eventbridge-sink.ts), or a file locally
 * (file-sink.ts). `published` says, in order, which of the events it took.
 */
export interface EventSink {
  publish(events: InvitationEventDetail[]): Promise<{ published: boolean[] }>;
}

/** An event as EventBridge delivers it to a rule's targets (webhooks, queues...). */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: InvitationEventDetail;
}
