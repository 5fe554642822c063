import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import type { EventFormat } from '../forwarding-settings.ts';
import { toAsciiJson } from './ascii-json.ts';
import { toCef } from './cef.ts';
import { toEcs } from './ecs.ts';
import { toOcsf } from './ocsf.ts';
import type { FormatContext } from './product.ts';

/** An event in a target's format: a CEF line, or an OCSF or ECS object. */
export type EventPayload = string | Record<string, unknown>;

/** Maps an event to `format`. */
export function eventPayload(
  format: EventFormat,
  event: ActivityEvent,
  context: FormatContext,
): EventPayload {
  switch (format) {
    case 'cef':
      return toCef(event, context);
    case 'json-ocsf':
      return toOcsf(event, context);
    case 'json-ecs':
      return toEcs(event, context);
  }
}

/** The payload as one line of text: CEF as it is, JSON in ASCII. */
export function payloadText(payload: EventPayload): string {
  return typeof payload === 'string' ? payload : toAsciiJson(payload);
}
