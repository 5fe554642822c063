import type { Classification } from '../classify/classification.ts';
import type { RepositoryMatch } from './repository-lookup.ts';

/** The format id of a file recognised only as a copy of a repository file. */
export const repositoryCopyFormat = 'repository-copy';

/**
 * The classification of a landed file that matched repository files by size and sampled
 * fingerprint: a backup, whatever its content said, with the originals in the reasons. A format
 * the classifier found is kept; a file it could not name (an encrypted blob) gets
 * `repository-copy`. The category of a file that was no backup by content is `system-image`,
 * as for the repository layouts.
 */
export function asRepositoryCopy(
  classification: Classification,
  matches: readonly RepositoryMatch[],
): Classification {
  if (matches.length === 0) {
    return classification;
  }

  // Name the originals, the first few in full
  const originals = matches.slice(0, 3).map((match) => {
    const repository = match.repositoryName ?? match.repositoryPath;
    return `copy of "${match.originalPath}" in repository ${repository}`;
  });
  if (matches.length > 3) {
    originals.push(`and ${matches.length - 3} more identical repository files`);
  }

  const [first] = matches;
  return {
    ...classification,
    ...(first !== undefined && {
      copyOf: {
        originalPath: first.originalPath,
        repository: first.repositoryName ?? first.repositoryPath,
      },
    }),
    isBackup: true,
    format: classification.format ?? repositoryCopyFormat,
    category: classification.isBackup ? classification.category : 'system-image',
    confidence: 'high',
    reasons: [...classification.reasons, ...originals, 'same size and sampled fingerprint'],
  };
}
