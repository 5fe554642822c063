import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';

import { Emitter } from '../base/emitter.ts';
import type { Destination, DestinationSource } from './destination.ts';

/** Options for the user's own folders. */
export interface LocalFolderSourceOptions {
  home: string;
  /** Folders relative to `home` (such as `Downloads`) or absolute. */
  folders: readonly string[];
}

/**
 * The user's own folders (Desktop, Downloads, Documents), watched for copies of backup
 * repository files: the Backup Access detection. They are not exits; files there that are not
 * repository copies are never recorded.
 */
export class LocalFolderSource implements DestinationSource {
  readonly #options: LocalFolderSourceOptions;
  readonly #onDidChange = new Emitter<void>();

  /** The folders are read once per listing; nothing signals a change. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(options: LocalFolderSourceOptions) {
    this.#options = options;
  }

  async list(): Promise<Destination[]> {
    const destinations: Destination[] = [];
    for (const folder of this.#options.folders) {
      const path = isAbsolute(folder) ? folder : join(this.#options.home, folder);
      if ((await stat(path).catch(() => null))?.isDirectory() !== true) {
        continue;
      }
      destinations.push({
        id: `local:${path}`,
        kind: 'local-folder',
        path,
        label: basename(path),
        provider: null,
        account: null,
        device: null,
        evidence: ['a folder of the user, watched for copies of repository files'],
      });
    }
    return destinations;
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
