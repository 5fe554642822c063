import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { toAsciiJson } from '../formats/ascii-json.ts';
import { epochMs } from '../formats/event-labels.ts';
import { eventPayload } from '../formats/event-payload.ts';
import type { FormatContext } from '../formats/product.ts';
import type { EventFormat, HecTargetSettings } from '../forwarding-settings.ts';

/**
 * A Splunk HTTP Event Collector batch: one `{"time", "host", "source", "sourcetype", "event"}`
 * object per event, one per line (the collector reads them as concatenated objects). `time` is
 * in seconds with milliseconds as the fraction.
 */
export function hecBatchBody(
  events: readonly ActivityEvent[],
  settings: HecTargetSettings,
  context: FormatContext,
): string {
  const lines = events.map((event) =>
    toAsciiJson({
      time: epochMs(event) / 1000,
      host: context.hostname,
      source: 'copywarden',
      sourcetype: settings.sourcetype,
      ...(settings.index !== undefined && { index: settings.index }),
      event: eventPayload(settings.format, event, context),
    }),
  );
  return `${lines.join('\n')}\n`;
}

/** NDJSON: one event per line in the chosen JSON format. */
export function ndjsonBatchBody(
  events: readonly ActivityEvent[],
  format: Extract<EventFormat, 'json-ocsf' | 'json-ecs'>,
  context: FormatContext,
): string {
  const lines = events.map((event) => toAsciiJson(eventPayload(format, event, context)));
  return `${lines.join('\n')}\n`;
}
