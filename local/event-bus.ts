/**
 * The stack's event bus and a webhook's rule, on this machine: every event a line of
 * EVENTS_FILE (as EventBridge delivers events), and, when WEBHOOK_URL is set, POSTed
 * there as an API destination would: asynchronously, retried on a failure or a non-2xx
 * answer (twice, a second and two apart; EventBridge goes on for up to a day), then given
 * up into `failedDir` (deployed: WebhookDeadLetters).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveredEvent, EventSink } from '../functions/shared/events/event-sink.ts';
import { fileSink } from '../functions/shared/events/file-sink.ts';
import { asyncInvocation } from './async-invocation.ts';

export function localEventBus({
  eventsFile,
  webhookUrl,
  failedDir,
}: {
  eventsFile: string;
  webhookUrl: string | undefined;
  failedDir: string;
}): EventSink {
  if (webhookUrl === undefined) return fileSink(eventsFile);
  const post = asyncInvocation<DeliveredEvent>(
    async (event) => {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
    },
    (event, error) => {
      mkdirSync(failedDir, { recursive: true });
      const file = join(failedDir, `event-${event.detail.eventId}.json`);
      writeFileSync(file, JSON.stringify({ reason: (error as Error).message, event }, null, 2));
      console.error(`an invitation event was given up after its retries: ${file}`);
    },
  );
  return fileSink(eventsFile, post);
}
