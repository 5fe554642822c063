import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRepositories } from '../../../src-main/cli/commands/repositories.ts';
import type { Output } from '../../../src-main/cli/output.ts';
import { UsageError } from '../../../src-main/cli/output.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';

/** An output that keeps its lines: results and diagnostics apart. */
function captureOutput(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), error: (line) => errors.push(line) };
}

describe('copywarden repositories', () => {
  let temp: TempDirectory;
  let common: string[];

  beforeAll(async () => {
    // A policy naming one repository, which holds one blob
    temp = await createTempDirectory('copywarden-repositories-cli-');
    const repository = join(temp.path, 'backups');
    await mkdir(repository);
    await writeFile(join(repository, 'blob.bin'), randomBytes(64 * 1024));
    await copyFile(join(repository, 'blob.bin'), join(temp.path, 'renamed.txt'));
    const policyFile = join(temp.path, 'policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({ version: 1, repositories: [{ path: repository, name: 'Backups' }] }),
    );
    common = ['--policy', policyFile, '--data-dir', join(temp.path, 'data')];
  });

  afterAll(async () => {
    await temp.dispose();
  });

  it('scans the policy repositories, then finds a renamed copy', async () => {
    // Arrange
    const scanOutput = captureOutput();
    const lookupOutput = captureOutput();

    // Act
    const scanCode = await runRepositories(['scan', ...common], scanOutput);
    const lookupCode = await runRepositories(
      ['lookup', join(temp.path, 'renamed.txt'), ...common],
      lookupOutput,
    );

    // Assert
    expect(scanCode).toBe(0);
    expect(scanOutput.lines).toEqual([
      `${join(temp.path, 'backups')}: ready, files inventoried: 1`,
    ]);
    expect(scanOutput.errors.some((line) => line.includes('done, 1/1 files'))).toBe(true);
    expect(lookupCode).toBe(0);
    expect(lookupOutput.lines).toEqual([
      `${join(temp.path, 'renamed.txt')}: COPY of ${join(temp.path, 'backups', 'blob.bin')} (Backups)`,
    ]);
  });

  it('exits 2 when a file cannot be read, and refuses unknown subcommands', async () => {
    // Arrange
    const output = captureOutput();

    // Act
    const code = await runRepositories(['lookup', join(temp.path, 'gone.bin'), ...common], output);

    // Assert
    expect(code).toBe(2);
    expect(output.errors[0]).toMatch(/gone\.bin: ENOENT/);
    await expect(runRepositories(['prune'], captureOutput())).rejects.toThrow(UsageError);
  });
});
