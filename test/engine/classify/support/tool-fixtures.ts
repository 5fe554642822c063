import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Tools the real-file fixtures need; each comes from a Debian package (see the test report). */
export const fixtureTools = [
  'qemu-img',
  'tar',
  'gzip',
  'bzip2',
  'xz',
  'zstd',
  'lz4',
  '7z',
  'zip',
  'sqlite3',
];

/** Runs a tool in `cwd`, failing the test with its output when it fails. */
export function run(cwd: string, command: string, args: string[]): void {
  execFileSync(command, args, { cwd, stdio: 'pipe' });
}

/** Writes `content` at `relativePath` under `root`, creating folders on the way. */
export async function writeTree(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [relativePath, content] of Object.entries(files)) {
    const path = join(root, relativePath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** Virtual disks made by qemu-img, named as their formats. */
export function makeVirtualDisks(directory: string): void {
  const qemu = (args: string[]): void => {
    run(directory, 'qemu-img', args);
  };
  qemu(['create', '-q', '-f', 'vpc', 'dynamic.vhd', '64M']);
  qemu(['create', '-q', '-f', 'vpc', '-o', 'subformat=fixed', 'fixed.vhd', '4M']);
  qemu(['create', '-q', '-f', 'vhdx', 'disk.vhdx', '64M']);
  qemu(['create', '-q', '-f', 'vmdk', 'sparse.vmdk', '64M']);
  qemu(['create', '-q', '-f', 'vmdk', '-o', 'subformat=monolithicFlat', 'flat.vmdk', '1M']);
  qemu(['create', '-q', '-f', 'qcow2', 'plain.qcow2', '64M']);
  qemu([
    'create',
    '-q',
    '-f',
    'qcow2',
    '--object',
    'secret,id=sec0,data=pw',
    '-o',
    'encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10',
    'luks.qcow2',
    '64M',
  ]);
  qemu(['create', '-q', '-f', 'vdi', 'disk.vdi', '64M']);
}

/** Archives and compressed files of a small folder, some named as backups and some not. */
export async function makeArchives(directory: string): Promise<void> {
  // Content to pack
  await writeTree(directory, {
    'home/notes.txt': 'meeting at noon\n'.repeat(50),
    'home/report.csv': 'id,total\n1,20\n',
    'dump.sql': 'CREATE TABLE t (a int);\n',
    'photos/beach.jpg': 'not really a jpeg, only content to pack\n',
  });
  const sh = (command: string, args: string[]): void => {
    run(directory, command, args);
  };

  // Containers named as backups
  sh('tar', ['-cf', 'home-backup.tar', 'home']);
  sh('sh', ['-c', 'gzip -c dump.sql > data.gz']);
  sh('sh', ['-c', 'bzip2 -c home-backup.tar > home-backup.tar.bz2']);
  sh('sh', ['-c', 'xz -c home-backup.tar > db-backup.xz']);
  sh('sh', ['-c', 'zstd -q -c home-backup.tar > snapshot.tar.zst']);
  sh('sh', ['-c', 'lz4 -q -c home-backup.tar > full-2024.lz4']);
  sh('7z', ['a', '-bd', 'backup.7z', 'home']);
  sh('7z', ['a', '-bd', '-pSECRET', '-mhe=on', 'backup-hidden.7z', 'home']);
  sh('7z', ['a', '-bd', '-pSECRET', 'backup-locked.7z', 'home/notes.txt']);
  sh('zip', ['-qr', 'backup.zip', 'home']);
  sh('zip', ['-qr', '-P', 'secret', 'backup-secret.zip', 'home']);

  // Containers that are not backups
  sh('zip', ['-qr', 'photos.zip', 'photos']);
  sh('tar', ['-czf', 'photos.tar.gz', 'photos']);
}

/** Office documents, a jar and an epub: ZIP files that must never count as backups. */
export async function makeZipDocuments(directory: string): Promise<void> {
  await writeTree(directory, {
    'docx/[Content_Types].xml': '<?xml version="1.0"?><Types/>',
    'docx/word/document.xml': '<w:document/>',
    'xlsx/[Content_Types].xml': '<?xml version="1.0"?><Types/>',
    'xlsx/xl/workbook.xml': '<workbook/>',
    'jar/META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n',
    'jar/com/example/Main.class': 'class bytes',
    'epub/mimetype': 'application/epub+zip',
    'epub/META-INF/container.xml': '<container/>',
    'epub/OEBPS/book.xhtml': '<html/>',
  });

  // Each in the member order its own tools use
  run(join(directory, 'docx'), 'zip', [
    '-qr',
    '../backup-plan.docx',
    '[Content_Types].xml',
    'word',
  ]);
  run(join(directory, 'xlsx'), 'zip', ['-qr', '../budget.xlsx', '[Content_Types].xml', 'xl']);
  run(join(directory, 'jar'), 'zip', ['-qr', '../app.jar', 'META-INF', 'com']);
  run(join(directory, 'epub'), 'zip', ['-qX0', '../book.epub', 'mimetype']);
  run(join(directory, 'epub'), 'zip', ['-qrX', '../book.epub', 'META-INF', 'OEBPS']);
}

/** SQLite databases: an application database and a backup of one. */
export function makeSqliteDatabases(directory: string): void {
  const sql =
    "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.org');";
  run(directory, 'sqlite3', ['places.sqlite', sql]);
  run(directory, 'sqlite3', ['places.sqlite', '.backup crm-backup-2024.db']);
}
