import { z } from 'zod';

import { maxJustificationLength } from '../../engine/actions/prompt.ts';

/**
 * The agent's control channel: newline-delimited JSON over a socket in the data directory that
 * only its owner can open. The command line uses it to list and answer prompts and to manage the
 * quarantine of a running agent. Every request is validated before it reaches the engine.
 */

/** The longest request line accepted, in bytes. */
export const maxRequestBytes = 64 * 1024;

const idSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'expected an id');

const answerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('justify'),
    reason: z.string().min(1).max(200),
    text: z.string().max(maxJustificationLength),
  }),
  z.strictObject({ kind: z.literal('cancel') }),
]);

export const requestSchema = z.discriminatedUnion('method', [
  z.strictObject({ id: z.number().int(), method: z.literal('status') }),
  z.strictObject({ id: z.number().int(), method: z.literal('prompts') }),
  z.strictObject({
    id: z.number().int(),
    method: z.literal('answer'),
    promptId: idSchema,
    answer: answerSchema,
  }),
  z.strictObject({ id: z.number().int(), method: z.literal('quarantine.list') }),
  z.strictObject({
    id: z.number().int(),
    method: z.literal('quarantine.restore'),
    entryId: idSchema,
    targetPath: z.string().min(1).max(4096).optional(),
  }),
  z.strictObject({
    id: z.number().int(),
    method: z.literal('quarantine.purge'),
    entryId: idSchema,
  }),
]);

/** A request to the agent. */
export type ControlRequest = z.output<typeof requestSchema>;

/** The agent's reply: a result, or an expected refusal with a message for people. */
export type ControlResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Where a data directory's agent listens. */
export function controlSocketPath(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    return `\\\\.\\pipe\\copywarden-${Buffer.from(dataDir).toString('hex').slice(-48)}`;
  }
  return `${dataDir}/agent.sock`;
}
