/** What a layout's names say about encryption. */
export interface LayoutEncryption {
  encrypted: boolean | null;
  /** Why, for the reasons; null when nothing is known. */
  reason: string | null;
}

const unknown: LayoutEncryption = { encrypted: null, reason: null };

/**
 * Encryption told by the layout alone: restic and Kopia always encrypt (their design documents);
 * Duplicati and Duplicity name encrypted volumes by suffix (`.aes`, `.gpg`; Duplicity also `.g`).
 */
export function encryptionFromLayout(
  format: string,
  childNames: readonly string[],
): LayoutEncryption {
  switch (format) {
    case 'restic-repository':
      return { encrypted: true, reason: 'restic encrypts every repository file but its keys' };
    case 'kopia-repository':
      return { encrypted: true, reason: 'Kopia encrypts its pack and index blobs' };
    case 'duplicati-backup':
      return bySuffix(childNames, /\.(aes|gpg)$/i, /\.(zip|7z)$/i, 'Duplicati volumes');
    case 'duplicity-backup':
      return bySuffix(
        childNames,
        /\.(gpg|g)$/,
        /\.(difftar|sigtar|manifest|gz|z|dt|st|m)$/,
        'Duplicity volumes',
      );
    default:
      return unknown;
  }
}

function bySuffix(
  childNames: readonly string[],
  encryptedPattern: RegExp,
  plainPattern: RegExp,
  label: string,
): LayoutEncryption {
  if (childNames.some((name) => encryptedPattern.test(name))) {
    return { encrypted: true, reason: `encrypted ${label}` };
  }
  if (childNames.some((name) => plainPattern.test(name))) {
    return { encrypted: false, reason: `unencrypted ${label}` };
  }
  return unknown;
}
