import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mysqlDumpText } from './layout-fixtures.ts';
import { run, writeTree } from './tool-fixtures.ts';

/** Random bytes, for members that should not compress away. */
export function randomBytes(sizeBytes: number): Uint8Array {
  return new Uint8Array(sizeBytes).map(() => Math.floor(Math.random() * 256));
}

/**
 * Archives whose names say nothing but whose members are backups, made by tar, zip and gzip:
 * a SQL Server `.bak`, a disk image, an Active Directory database, plain SQL dumps, members
 * behind GNU long names, pax and ustar prefixes, a zip64 archive and a self-extractor stub.
 */
export async function makeArchivesOfBackups(directory: string): Promise<void> {
  const sh = (command: string, args: string[]): void => {
    run(directory, command, args);
  };
  const deep = `exports/${'department-finance/'.repeat(6)}nightly`;
  await writeTree(join(directory, 'content'), {
    'db/full.bak': randomBytes(128 * 1024),
    'vm/disk.vhdx': randomBytes(4096),
    'Windows/NTDS/ntds.dit': randomBytes(4096),
    'sql/orders.sql': mysqlDumpText(),
    [`${deep}/job.vbk`]: randomBytes(2048),
  });
  const content = join(directory, 'content');
  const inContent = (command: string, args: string[]): void => {
    run(content, command, args);
  };

  // zip, tar, gzip
  inContent('zip', ['-qr', '../sqlserver-export.zip', 'db']);
  inContent('tar', ['-cf', '../appliance.tar', 'vm']);
  inContent('tar', ['-cf', '../domain-controller.tar', 'Windows']);
  sh('sh', ['-c', 'gzip -n -c content/sql/orders.sql > orders.gz']);

  // Long member names, three ways
  inContent('tar', ['--format=gnu', '-cf', '../gnu-long.tar', 'exports']);
  inContent('tar', ['--format=pax', '-cf', '../pax-long.tar', 'exports']);
  inContent('tar', ['--format=ustar', '-cf', '../ustar-prefix.tar', 'exports']);

  // zip64, and a zip behind a stub whose offsets were not adjusted
  inContent('zip', ['-q', '-fz', '../forced-zip64.zip', 'db/full.bak']);
  await writeFile(join(directory, 'stub.bin'), randomBytes(3000));
  sh('sh', ['-c', 'cat stub.bin sqlserver-export.zip > installer.exe']);
}

/**
 * Archives that must not alarm: a docx with a small part named `backup.bak`, a jar with a small
 * `full_schema.sql` resource, and a source tree (README, config, data/, keys/, `.sql`
 * migrations, an editor's `.bak`) as tar and tar.gz.
 */
export async function makeOrdinaryArchives(directory: string): Promise<void> {
  await writeTree(join(directory, 'ordinary'), {
    'docx/[Content_Types].xml': '<?xml version="1.0"?><Types/>',
    'docx/word/document.xml': '<w:document/>',
    'docx/word/embeddings/backup.bak': 'an embedded file that happens to be called backup.bak\n',
    'jar/META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n',
    'jar/db/migration/V1__full_schema.sql': 'CREATE TABLE t (id int);\n',
    'source/README': 'How to build\n',
    'source/config': 'debug = true\n',
    'source/data/seed.csv': 'id,name\n1,a\n',
    'source/keys/dev.pem': '-----BEGIN PUBLIC KEY-----\n',
    'source/src/main.c': 'int main(void) { return 0; }\n',
    'source/src/main.c.bak': 'int main(void) { return 1; }\n',
    'source/db/migrations/001_full_schema.sql': 'CREATE TABLE t (id int);\n',
    'source/scripts/backup.sh': '#!/bin/sh\nrestic backup ~\n',
  });
  const ordinary = join(directory, 'ordinary');
  run(join(ordinary, 'docx'), 'zip', ['-qr', '../../report.docx', '[Content_Types].xml', 'word']);
  run(join(ordinary, 'jar'), 'zip', ['-qr', '../../service.jar', 'META-INF', 'db']);
  run(ordinary, 'tar', ['-cf', '../project-src.tar', 'source']);
  run(ordinary, 'tar', ['-czf', '../project-src.tar.gz', 'source']);
  await copyFile(join(directory, 'project-src.tar'), join(directory, 'project-src-copy.tar'));
}
