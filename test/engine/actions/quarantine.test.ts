import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Quarantine, type QuarantineEntry } from '../../../src-main/engine/actions/quarantine.ts';
import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';

describe('Quarantine', () => {
  let folder: TempDirectory;
  let quarantine: Quarantine;
  const masterKey = randomBytes(32);
  beforeEach(async () => {
    folder = await createTempDirectory();
    quarantine = new Quarantine(join(folder.path, 'quarantine'), masterKey, createMemoryLogger());
    await quarantine.recover();
  });
  afterEach(() => folder.dispose());

  async function holdNew(name: string, contents: Buffer): Promise<QuarantineEntry> {
    const original = join(folder.path, name);
    await writeFile(original, contents);
    const result = await quarantine.hold(original, {
      destinationId: 'volume:/media/x',
      reason: 'test',
    });
    if (!result.ok) {
      throw new Error(result.message);
    }
    return result.value;
  }

  it('takes a file in with its hash and metadata, and removes the original', async () => {
    const contents = Buffer.from('vhdxfile'.repeat(1000));

    const entry = await holdNew('server.vhdx', contents);

    expect(entry.sha256).toBe(createHash('sha256').update(contents).digest('hex'));
    expect(entry.sizeBytes).toBe(contents.length);
    await expect(stat(join(folder.path, 'server.vhdx'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await quarantine.list()).toEqual([entry]);
  });

  it('stores nothing of the contents in clear', async () => {
    const marker = Buffer.from('CONFIDENTIAL-PAYROLL-ROW;');
    const entry = await holdNew(
      'db.bak',
      Buffer.concat(Array.from({ length: 4000 }, () => marker)),
    );

    const stored = await readdir(join(quarantine.folder, entry.id));
    const bytes = await Promise.all(
      stored.map((name) => readFile(join(quarantine.folder, entry.id, name))),
    );

    expect(bytes.some((contents) => contents.includes(marker))).toBe(false);
  });

  it('restores a file byte-identical, with its mode and time, across several chunks', async () => {
    const contents = randomBytes(2 * 1024 * 1024 + 12_345);
    const original = join(folder.path, 'image.qcow2');
    await writeFile(original, contents);
    await chmod(original, 0o640);
    await utimes(original, new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    const held = await quarantine.hold(original, { destinationId: 'd', reason: 'r' });

    const restored = await quarantine.restore(held.ok ? held.value.id : '');

    expect(restored).toEqual({ ok: true, value: original });
    expect((await readFile(original)).equals(contents)).toBe(true);
    const status = await stat(original);
    expect(status.mode & 0o777).toBe(0o640);
    expect(status.mtime.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(await quarantine.list()).toEqual([]);
  });

  it('restores an empty file', async () => {
    const entry = await holdNew('empty.bak', Buffer.alloc(0));

    const restored = await quarantine.restore(entry.id);

    expect(restored.ok).toBe(true);
    expect((await stat(join(folder.path, 'empty.bak'))).size).toBe(0);
  });

  it('restores to another path, and refuses to overwrite an existing file', async () => {
    const entry = await holdNew('a.vhdx', Buffer.from('first'));
    await writeFile(join(folder.path, 'a.vhdx'), 'someone else');

    const refused = await quarantine.restore(entry.id);
    const elsewhere = await quarantine.restore(entry.id, join(folder.path, 'restored', 'a.vhdx'));

    expect(refused.ok).toBe(false);
    expect(elsewhere.ok).toBe(true);
    expect(await readFile(join(folder.path, 'restored', 'a.vhdx'), 'utf8')).toBe('first');
  });

  it('refuses to restore contents that were tampered with, and leaves no file behind', async () => {
    const entry = await holdNew('b.vhdx', randomBytes(5000));
    const sealed = join(quarantine.folder, entry.id, 'content.sealed');
    const bytes = await readFile(sealed);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await writeFile(sealed, bytes);

    const restored = await quarantine.restore(entry.id);

    expect(restored.ok).toBe(false);
    expect(await readdir(folder.path)).toEqual(['quarantine']);
  });

  it('cannot restore with another master key', async () => {
    const entry = await holdNew('c.vhdx', Buffer.from('secret'));
    const other = new Quarantine(quarantine.folder, randomBytes(32), createMemoryLogger());

    const restored = await other.restore(entry.id);

    expect(restored.ok).toBe(false);
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
    await writeFile(join(quarantine.folder, '.incoming-abc', 'content.sealed'), 'partial');

    await quarantine.recover();

    await expect(stat(join(quarantine.folder, '.incoming-abc'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('puts back a file a crash left half taken off its destination', async () => {
    const incoming = join(quarantine.folder, '.incoming-0b6b3c52-0000-4000-8000-000000000000');
    const original = join(folder.path, 'taken.vhdx');
    await mkdir(incoming);
    await writeFile(join(incoming, 'origin.json'), JSON.stringify({ originalPath: original }));
    await writeFile(join(incoming, 'taken'), 'the only copy');

    await quarantine.recover();

    expect(await readFile(original, 'utf8')).toBe('the only copy');
    expect(await readdir(quarantine.folder)).toEqual([]);
  });

  it('takes a file on the same filesystem off its destination by rename, keeping no plain copy', async () => {
    const entry = await holdNew('same-fs.vhdx', randomBytes(3000));

    const stored = await readdir(join(quarantine.folder, entry.id));

    expect(stored.sort()).toEqual(['content.sealed', 'entry.json', 'origin.json']);
  });

  it('purges the oldest blocked entries beyond the limits, never held ones', async () => {
    const old = await holdNew('old.bak', Buffer.alloc(100));
    const held = await holdNew('held.bak', Buffer.alloc(100));
    await quarantine.setState(held.id, 'held');
    const recent = await holdNew('recent.bak', Buffer.alloc(100));
    const now = Date.parse(recent.heldAt) + 1_000;

    const purged = await quarantine.applyLimits({ maxAgeDays: 365, maxTotalBytes: 150 }, now);

    expect(purged.map((entry) => entry.id)).toEqual([old.id]);
    expect((await quarantine.list()).map((entry) => entry.id).sort()).toEqual(
      [held.id, recent.id].sort(),
    );
  });

  it('keeps held files private to their owner', async () => {
    const entry = await holdNew('d.bak', Buffer.from('TAPE'));

    const mode = (await stat(join(quarantine.folder, entry.id, 'content.sealed'))).mode & 0o777;

    expect(mode).toBe(0o600);
  });
});
