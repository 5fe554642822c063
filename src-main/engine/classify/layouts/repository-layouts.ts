import type { FolderFacts } from './folder-facts.ts';
import { hasChild as has } from './folder-facts.ts';
import type { LayoutRule } from './layout-rule.ts';

/** Duplicati 2 volume names (Duplicati docs, "Understanding the backup"), any prefix. */
const duplicatiFilePattern =
  /-(\d{8}T\d{6}Z\.dlist|b[0-9a-f]{32}\.dblock|i[0-9a-f]{32}\.dindex)\.(zip|7z)(\.aes|\.gpg)?$/i;

/** Duplicity volume, manifest and signature names, long and short forms (its file_naming.py). */
const duplicityFilePattern =
  /duplicity-(full|inc|full-signatures|new-signatures)\..+\.(difftar|manifest|sigtar)|^(df|di|dfs|dns)(\.[0-9a-z]+){1,3}\.(dt|m|st)(\.p)?(\.[a-z]{1,3})?$/;

/** pg_dump directory format: `toc.dat` beside numbered data files (pg_backup_directory.c). */
const pgDumpDataPattern = /^\d+\.dat(\.(gz|lz4|zst))?$/;

/** Borg 1 writes these beside `data/` at each commit (Borg internals, "Repository"). */
const borgTransactionPattern = /^(hints|index|integrity)\.\d+$/;

/**
 * Backup tool repositories and dump folders. Sources: restic's design document, Borg's internals
 * documentation (1.x and 2.x), Kopia's repository files on filesystem storage, Duplicati's and
 * Duplicity's file naming, pg_dump's directory format.
 */
export const repositoryLayoutRules: readonly LayoutRule[] = [
  {
    format: 'restic-repository',
    category: 'system-image',
    confidence: 'high',
    anchors: ['config'],
    markers: ['data', 'keys', 'index', 'snapshots'],
    match: (facts) => {
      const hasStore = has(facts, 'data', 'directory') && has(facts, 'keys', 'directory');
      const hasCatalog = has(facts, 'index', 'directory') || has(facts, 'snapshots', 'directory');
      return has(facts, 'config', 'file') && hasStore && hasCatalog
        ? ['restic repository layout: "config", "data/", "keys/", "index/" or "snapshots/"']
        : null;
    },
  },
  {
    format: 'borg-repository',
    category: 'system-image',
    confidence: 'high',
    anchors: ['config'],
    markers: ['README', 'data', 'config/readme', 'packs', 'archives'],
    needsListing: isBorg1Candidate,
    match: (facts) => {
      const transaction = isBorg1Candidate(facts)
        ? facts.childNames.find((name) => borgTransactionPattern.test(name))
        : undefined;
      if (transaction !== undefined) {
        return [`Borg 1 repository layout: "README", "config", "data/", "${transaction}"`];
      }
      const hasStore = has(facts, 'packs', 'directory') || has(facts, 'archives', 'directory');
      return has(facts, 'config/readme', 'file') && hasStore
        ? ['Borg 2 repository layout: "config/readme" and "packs/" or "archives/"']
        : null;
    },
  },
  {
    format: 'kopia-repository',
    category: 'system-image',
    confidence: 'high',
    anchors: ['kopia.repository.f', 'kopia.repository'],
    markers: [],
    match: (facts) => {
      const marker = ['kopia.repository.f', 'kopia.repository'].find((name) =>
        has(facts, name, 'file'),
      );
      return marker === undefined ? null : [`Kopia repository file "${marker}"`];
    },
  },
  {
    format: 'duplicati-backup',
    category: 'system-image',
    confidence: 'high',
    anchors: [],
    markers: [],
    match: (facts) => namedFile(facts, duplicatiFilePattern, 'Duplicati volume'),
  },
  {
    format: 'duplicity-backup',
    category: 'system-image',
    confidence: 'high',
    anchors: [],
    markers: [],
    match: (facts) => namedFile(facts, duplicityFilePattern, 'Duplicity volume'),
  },
  {
    format: 'pgdump-directory',
    category: 'database-dump',
    confidence: 'medium',
    anchors: ['toc.dat'],
    markers: [],
    needsListing: (facts) => has(facts, 'toc.dat', 'file'),
    match: (facts) => {
      const data = has(facts, 'toc.dat', 'file')
        ? facts.childNames.find((name) => pgDumpDataPattern.test(name))
        : undefined;
      return data !== undefined ? [`pg_dump directory format: "toc.dat" and "${data}"`] : null;
    },
  },
];

function isBorg1Candidate(facts: FolderFacts): boolean {
  return (
    has(facts, 'README', 'file') && has(facts, 'config', 'file') && has(facts, 'data', 'directory')
  );
}

/** The first child named by `pattern` that is not a folder, as a reason. */
function namedFile(facts: FolderFacts, pattern: RegExp, label: string): string[] | null {
  const name = facts.childNames.find((child) => pattern.test(child));
  return name === undefined || facts.kindOf(name) === 'directory' ? null : [`${label} "${name}"`];
}
