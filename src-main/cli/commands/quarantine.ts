import { parseArgs } from 'node:util';

import type { QuarantineEntry } from '../../engine/actions/quarantine.ts';
import { resolveDataDir } from '../../engine/data-dir.ts';
import { callAgentOrExplain } from '../control/call-agent-or-explain.ts';
import { formatBytes } from '../format-event.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const quarantineUsage =
  'copywarden quarantine list [--json] | restore ID [--to PATH] | purge ID  [--data-dir DIR]';

/** Lists, restores or purges quarantined files through the running agent. */
export async function runQuarantine(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      to: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const [subcommand, entryId, ...rest] = positionals;
  const dataDir = resolveDataDir(values['data-dir']);
  if (rest.length > 0) {
    throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  }

  switch (subcommand) {
    case 'list': {
      const entries = await callAgentOrExplain(dataDir, { method: 'quarantine.list' }, output);
      if (entries === null) {
        return exitCode.failure;
      }
      for (const entry of entries as QuarantineEntry[]) {
        output.out(values.json ? JSON.stringify(entry) : describeEntry(entry));
      }
      return exitCode.ok;
    }
    case 'restore': {
      const call = {
        method: 'quarantine.restore',
        entryId: requireId(entryId),
        ...(values.to !== undefined && { targetPath: values.to }),
      } as const;
      const restored = await callAgentOrExplain(dataDir, call, output);
      if (restored === null) {
        return exitCode.failure;
      }
      output.out(`restored to ${restored as string}`);
      return exitCode.ok;
    }
    case 'purge': {
      const purged = await callAgentOrExplain(
        dataDir,
        { method: 'quarantine.purge', entryId: requireId(entryId) },
        output,
      );
      if (purged === null) {
        return exitCode.failure;
      }
      output.out(`purged ${(purged as QuarantineEntry).originalPath}`);
      return exitCode.ok;
    }
    default:
      throw new UsageError(`unknown quarantine command "${subcommand ?? ''}"`);
  }
}

function requireId(entryId: string | undefined): string {
  if (entryId === undefined) {
    throw new UsageError('name the quarantine entry (its id from copywarden quarantine list)');
  }
  return entryId;
}

function describeEntry(entry: QuarantineEntry): string {
  return `${entry.id}  ${entry.state.padEnd(7)}  ${entry.heldAt}  ${formatBytes(entry.sizeBytes).padStart(10)}  ${entry.originalPath}`;
}
