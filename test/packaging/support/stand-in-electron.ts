import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The marker Electron binaries carry before their fuse wire (see @electron/fuses). */
const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Fuse wire version 1 with eight fuses, the layout of current Electron releases. */
const fuseWireVersion = 1;
const fuseCount = 8;

/**
 * Writes an unpacked "Electron" for Linux into `folder`: an `electron` executable that is a
 * shell script carrying a fuse wire with every fuse on, so that electron-builder's `--dir`
 * build can copy it, rename it and flip its fuses as it would the real binary, which cannot be
 * downloaded here.
 */
export async function writeStandInElectron(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\n# stand-in for Electron ${fuseSentinel}`, 'latin1'),
    Buffer.from([fuseWireVersion, fuseCount]),
    Buffer.from('1'.repeat(fuseCount), 'latin1'),
    Buffer.from('\nexit 0\n', 'latin1'),
  ]);
  await writeFile(join(folder, 'electron'), wire, { mode: 0o755 });
  await writeFile(join(folder, 'LICENSE'), 'stand-in\n');
}
