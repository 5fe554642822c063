import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Quarantine } from '../../../src-main/engine/actions/quarantine.ts';
import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';

describe('Quarantine', () => {
  let folder: TempDirectory;
  let quarantine: Quarantine;
  beforeEach(async () => {
    folder = await createTempDirectory();
    quarantine = new Quarantine(join(folder.path, 'quarantine'), createMemoryLogger());
    await quarantine.recover();
  });
  afterEach(() => folder.dispose());

  it('moves a file in with its hash and metadata, and removes the original', async () => {
    const original = join(folder.path, 'server.vhdx');
    const contents = Buffer.from('vhdxfile'.repeat(1000));
    await writeFile(original, contents);

    const result = await quarantine.hold(original, {
      destinationId: 'volume:/media/x',
      reason: 'test',
    });

    expect(result.ok).toBe(true);
    const entry = result.ok ? result.entry : null;
    expect(entry?.sha256).toBe(createHash('sha256').update(contents).digest('hex'));
    expect(entry?.sizeBytes).toBe(contents.length);
    expect(await readFile(quarantine.contentPath(entry?.id ?? ''))).toEqual(contents);
    await expect(stat(original)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await quarantine.list()).toEqual([entry]);
  });

  it('keeps the original and leaves no entry when the file cannot be read', async () => {
    const result = await quarantine.hold(join(folder.path, 'missing.bak'), {
      destinationId: 'd',
      reason: 'r',
    });

    expect(result.ok).toBe(false);
    expect(await quarantine.list()).toEqual([]);
  });

  it('removes entries a crash left incomplete, whose originals are still in place', async () => {
    await mkdir(join(quarantine.folder, '.incoming-abc'));
    await writeFile(join(quarantine.folder, '.incoming-abc', 'content'), 'partial');

    await quarantine.recover();

    await expect(stat(join(quarantine.folder, '.incoming-abc'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('keeps held files private to their owner', async () => {
    const original = join(folder.path, 'db.bak');
    await writeFile(original, 'TAPE');

    const result = await quarantine.hold(original, { destinationId: 'd', reason: 'r' });

    const mode =
      (await stat(quarantine.contentPath(result.ok ? result.entry.id : ''))).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});
