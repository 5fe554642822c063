import { parseArgs } from 'node:util';

import type { PendingPrompt } from '../../engine/actions/prompt.ts';
import { resolveDataDir } from '../../engine/data-dir.ts';
import { callAgentOrExplain } from '../control/call-agent-or-explain.ts';
import { formatBytes } from '../format-event.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const promptsUsage = 'copywarden prompts [--json] [--data-dir DIR]';
export const answerUsage =
  'copywarden answer PROMPT_ID (--reason TEXT [--text TEXT] | --cancel) [--data-dir DIR]';

/** Lists the prompts a running agent is waiting on. */
export async function runPrompts(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
  });

  const response = await callAgentOrExplain(
    resolveDataDir(values['data-dir']),
    { method: 'prompts' },
    output,
  );
  if (response === null) {
    return exitCode.failure;
  }
  const prompts = response as PendingPrompt[];
  for (const prompt of prompts) {
    output.out(values.json ? JSON.stringify(prompt) : describePrompt(prompt));
  }
  if (!values.json && prompts.length === 0) {
    output.out('No prompts are waiting.');
  }
  return exitCode.ok;
}

/** Answers a prompt: a reason (and text) releases its files, --cancel keeps them quarantined. */
export async function runAnswer(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      text: { type: 'string', default: '' },
      cancel: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });

  // Check the arguments
  const [promptId] = positionals;
  if (promptId === undefined || positionals.length > 1) {
    throw new UsageError('name exactly one prompt');
  }
  if (values.cancel === (values.reason !== undefined)) {
    throw new UsageError('give either --reason or --cancel');
  }
  const answer =
    values.reason === undefined
      ? ({ kind: 'cancel' } as const)
      : ({ kind: 'justify', reason: values.reason, text: values.text } as const);

  // Send it
  const dataDir = resolveDataDir(values['data-dir']);
  const result = await callAgentOrExplain(dataDir, { method: 'answer', promptId, answer }, output);
  if (result === null) {
    return exitCode.failure;
  }
  const files = (result as { files: { file: { path: string }; outcome: string }[] }).files;
  for (const { file, outcome } of files) {
    output.out(`${outcome}: ${file.path}`);
  }
  return exitCode.ok;
}

function describePrompt(prompt: PendingPrompt): string {
  const files = prompt.files.map(
    (file) => `    ${file.path} (${file.format ?? 'backup'}, ${formatBytes(file.sizeBytes)})`,
  );
  const reasons = prompt.reasons.map((reason) => `    "${reason}"`);
  return [
    `Prompt ${prompt.id}: ${prompt.files.length} file(s) held from ${prompt.destination.label}, until ${prompt.expiresAt} (then: ${prompt.defaultOutcome})`,
    ...files,
    `  reasons${prompt.requireText ? ' (a --text justification is required)' : ''}:`,
    ...reasons,
  ].join('\n');
}
