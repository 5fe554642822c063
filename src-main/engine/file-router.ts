import type { Disposable } from './base/disposable.ts';
import { findLayoutRoot } from './classify/folders/find-layout-root.ts';
import { LayoutProbeCache } from './classify/folders/layout-probe-cache.ts';
import type { Destination } from './destinations/destination.ts';
import { FilePipeline, type FilePipelineDependencies } from './file-pipeline.ts';
import { FolderCopies } from './folder-copies.ts';

/**
 * Sends each file whose write finished where it belongs: a file inside a backup folder being
 * copied (a restic repository, an iOS backup...) to the folder's one decision and one event;
 * any other file on its own journey through the pipeline.
 */
export class FileRouter implements Disposable {
  readonly #dependencies: FilePipelineDependencies;
  readonly #pipeline: FilePipeline;
  readonly #folders: FolderCopies;
  readonly #layoutCache = new LayoutProbeCache();

  constructor(dependencies: FilePipelineDependencies) {
    this.#dependencies = dependencies;
    this.#pipeline = new FilePipeline(dependencies);
    this.#folders = new FolderCopies(dependencies);
  }

  async route(path: string, destination: Destination): Promise<void> {
    const root = await findLayoutRoot(path, destination.path, this.#layoutCache);
    if (root === null) {
      await this.#pipeline.process(path, destination);
      return;
    }

    // The engine's own writes, and groups with monitoring off, are not acted on
    const dependencies = this.#dependencies;
    if (!dependencies.monitoring() || (await dependencies.ownWrites.isOwn(path))) {
      return;
    }
    await this.#folders.note(root, path, destination);
  }

  dispose(): Promise<void> {
    return this.#folders.dispose();
  }
}
