import { z } from 'zod';

import {
  detectionNames,
  eventActions,
  maxJustificationLength,
  maxLogPageSize,
  riskLevels,
  type AnswerRequest,
  type LogFilters,
  type LogQuery,
} from './bridge.ts';
import type { InvokeContract, InvokeName } from './ipc-channels.ts';

/**
 * Run-time schemas of every payload the renderer sends. The host validates each one before a
 * handler sees it: the renderer shows untrusted file names, and its answers release files, so a
 * compromised renderer must not be able to send anything these schemas do not describe.
 */

/** The longest search text, user name or destination a log filter accepts. */
export const maxFilterTextLength = 256;

/** The longest reason a prompt answer may name (the policy allows 200). */
export const maxReasonLength = 200;

const filterText = z.string().min(1).max(maxFilterTextLength);
const isoTime = z.iso.datetime({ offset: true });

const logFiltersShape = {
  since: isoTime.optional(),
  until: isoTime.optional(),
  detection: z.enum(detectionNames).optional(),
  risk: z.enum(riskLevels).optional(),
  user: filterText.optional(),
  destination: filterText.optional(),
  action: z.enum(eventActions).optional(),
  search: filterText.optional(),
};

/** The log view's filters. */
export const logFiltersSchema = z.strictObject(logFiltersShape) satisfies z.ZodType<LogFilters>;

/** One page of the log. */
export const logQuerySchema = z.strictObject({
  ...logFiltersShape,
  limit: z.int().min(1).max(maxLogPageSize).optional(),
  cursor: z
    .string()
    .regex(/^s\d{1,15}$/)
    .optional(),
}) satisfies z.ZodType<LogQuery>;

/** A prompt's answer. Whether the reason is one the prompt offers is checked by the engine. */
export const answerRequestSchema = z.strictObject({
  promptId: z.uuid(),
  answer: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('justify'),
      reason: z.string().min(1).max(maxReasonLength),
      text: z.string().max(maxJustificationLength),
    }),
    z.strictObject({ kind: z.literal('cancel') }),
  ]),
}) satisfies z.ZodType<AnswerRequest>;

/** The schema of each call's payload; calls without one accept only `undefined`. */
export const invokeRequestSchemas: {
  readonly [Name in InvokeName]: z.ZodType<InvokeContract[Name]['request']>;
} = {
  getStatus: z.undefined(),
  queryLog: logQuerySchema,
  verifyLog: z.undefined(),
  exportLog: logFiltersSchema,
  getPrompts: z.undefined(),
  answerPrompt: answerRequestSchema,
};
