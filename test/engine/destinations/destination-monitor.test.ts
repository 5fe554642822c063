import { afterEach, describe, expect, it } from 'vitest';

import { Emitter } from '../../../src-main/engine/base/emitter.ts';
import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import type {
  Destination,
  DestinationSource,
} from '../../../src-main/engine/destinations/destination.ts';
import { DestinationMonitor } from '../../../src-main/engine/destinations/destination-monitor.ts';
import { RemovableVolumeSource } from '../../../src-main/engine/destinations/removable-volumes.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../../support/volumes.ts';

/** A source whose list the test sets, counting lists and their overlap. */
class ScriptedSource implements DestinationSource {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;
  destinations: Destination[] = [];
  listCount = 0;
  maxConcurrentLists = 0;
  failNext = false;
  isDisposed = false;
  #running = 0;

  async list(): Promise<Destination[]> {
    this.listCount++;
    this.#running++;
    this.maxConcurrentLists = Math.max(this.maxConcurrentLists, this.#running);
    await delay(30);
    this.#running--;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('listing failed');
    }
    return [...this.destinations];
  }

  change(): void {
    this.#onDidChange.fire();
  }

  dispose(): void {
    this.isDisposed = true;
    this.#onDidChange.dispose();
  }
}

function volume(path: string): Destination {
  return {
    id: `volume:${path}`,
    kind: 'removable-volume',
    path,
    label: path,
    provider: null,
    account: null,
    device: null,
    evidence: [],
  };
}

describe('DestinationMonitor', () => {
  let monitor: DestinationMonitor | undefined;

  afterEach(async () => {
    await monitor?.dispose();
  });

  it('reports the first list as additions and returns it from current()', async () => {
    const source = new ScriptedSource();
    source.destinations = [volume('/media/a/X')];
    monitor = new DestinationMonitor({ sources: [source], logger: createMemoryLogger() });
    const added: string[] = [];
    monitor.onDidAdd((destination) => added.push(destination.id));

    await monitor.start();

    expect(added).toEqual(['volume:/media/a/X']);
    expect(monitor.current().map((destination) => destination.id)).toEqual(['volume:/media/a/X']);
  });

  it('diffs by id after a change', async () => {
    const source = new ScriptedSource();
    source.destinations = [volume('/media/a/X')];
    monitor = new DestinationMonitor({ sources: [source], logger: createMemoryLogger() });
    await monitor.start();
    const events: string[] = [];
    monitor.onDidAdd((destination) => events.push(`add ${destination.id}`));
    monitor.onDidRemove((destination) => events.push(`remove ${destination.id}`));

    source.destinations = [volume('/media/a/Y')];
    source.change();
    await waitFor(() => events.length === 2, 2_000, 'the difference');

    expect(events.sort()).toEqual(['add volume:/media/a/Y', 'remove volume:/media/a/X']);
  });

  it('coalesces bursts and never lists a source twice at once', async () => {
    const source = new ScriptedSource();
    monitor = new DestinationMonitor({ sources: [source], logger: createMemoryLogger() });
    await monitor.start();
    const listsBefore = source.listCount;

    for (let index = 0; index < 20; index++) {
      source.change();
      await delay(2);
    }
    await delay(300);

    expect(source.listCount - listsBefore).toBeLessThanOrEqual(3);
    expect(source.maxConcurrentLists).toBe(1);
  });

  it('keeps the last list of a source whose list fails', async () => {
    const source = new ScriptedSource();
    source.destinations = [volume('/media/a/X')];
    const logger = createMemoryLogger();
    monitor = new DestinationMonitor({ sources: [source], logger });
    await monitor.start();
    const removed: string[] = [];
    monitor.onDidRemove((destination) => removed.push(destination.id));

    source.failNext = true;
    source.change();
    await waitFor(() => logger.records.some((record) => record.level === 'error'), 2_000);

    expect(removed).toEqual([]);
    expect(monitor.current()).toHaveLength(1);
  });

  it('disposes its sources', async () => {
    const source = new ScriptedSource();
    monitor = new DestinationMonitor({ sources: [source], logger: createMemoryLogger() });
    await monitor.start();

    await monitor.dispose();

    expect(source.isDisposed).toBe(true);
  });
});

describe.runIf(canRun({ root: true, tools: [...volumeTools.fat, ...volumeTools.ext4] }))(
  'DestinationMonitor with real volumes',
  () => {
    let mountRoot: TempDirectory | undefined;
    let monitor: DestinationMonitor | undefined;
    const volumes: TestVolume[] = [];

    afterEach(async () => {
      await monitor?.dispose();
      for (const testVolume of volumes.splice(0)) {
        await testVolume.dispose();
      }
      await mountRoot?.dispose();
    });

    it('adds a volume when it is mounted and removes it when it is unmounted', async () => {
      // Arrange
      mountRoot = await createTempDirectory('copywarden-media-');
      const source = new RemovableVolumeSource({
        mountRoots: [mountRoot.path],
        logger: createMemoryLogger(),
      });
      monitor = new DestinationMonitor({ sources: [source], logger: createMemoryLogger() });
      await monitor.start();
      await source.whenReady();
      const added: Destination[] = [];
      const removed: Destination[] = [];
      monitor.onDidAdd((destination) => added.push(destination));
      monitor.onDidRemove((destination) => removed.push(destination));

      // Act: mount
      const testVolume = await mountTestVolume({
        filesystem: 'fat',
        mountRoot: mountRoot.path,
        label: 'MONITORED',
      });
      const mountedAt = performance.now();
      volumes.push(testVolume);
      await waitFor(() => added.length > 0, 2_000, 'the added volume');
      const addLatencyMs = performance.now() - mountedAt;

      // Act: unmount
      volumes.splice(0);
      const unmountStartedAt = performance.now();
      await testVolume.dispose();
      await waitFor(() => removed.length > 0, 2_000, 'the removed volume');
      const removeLatencyMs = performance.now() - unmountStartedAt;

      // Assert
      console.log(
        `DestinationMonitor: add ${addLatencyMs.toFixed(1)} ms after mountTestVolume returned, ` +
          `remove ${removeLatencyMs.toFixed(1)} ms after unmount started`,
      );
      expect(added.map((destination) => destination.path)).toEqual([testVolume.mountPoint]);
      expect(removed.map((destination) => destination.path)).toEqual([testVolume.mountPoint]);
      expect(addLatencyMs).toBeLessThan(2_000);
    });
  },
);
