import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The tools `makeSampleFiles` needs. */
export const sampleFileTools = ['qemu-img'];

/** Files made by real tools, for end-to-end tests. */
export interface SampleFiles {
  /** A VHDX disk image made by qemu-img. */
  vhdx: string;
  /** A QCOW2 disk image made by qemu-img, renamed to look like a photo. */
  renamedQcow2: string;
  /** A plain text file. */
  benign: string;
}

/** Makes the sample files in `folder`. */
export async function makeSampleFiles(folder: string): Promise<SampleFiles> {
  const vhdx = join(folder, 'server-backup.vhdx');
  await run('qemu-img', ['create', '-q', '-f', 'vhdx', vhdx, '64M']);

  const renamedQcow2 = join(folder, 'holiday.jpg');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', renamedQcow2, '64M']);

  const benign = join(folder, 'meeting-notes.txt');
  await writeFile(benign, 'Agenda: quarterly planning.\n'.repeat(50));
  return { vhdx, renamedQcow2, benign };
}
