import { describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import { VolumeIdentityCache } from '../../../../src-main/engine/destinations/identity/identity-cache.ts';
import type {
  IdentityReader,
  IdentityTarget,
  VolumeIdentity,
} from '../../../../src-main/engine/destinations/identity/volume-identity.ts';
import { delay } from '../../../support/temp.ts';

/** A reader that answers after `delayMs` with a serial naming the mount id, and counts its reads. */
function slowReader(delayMs: number): IdentityReader & { reads: string[][] } {
  const reads: string[][] = [];
  return {
    reads,
    read: async (targets: readonly IdentityTarget[]) => {
      reads.push(targets.map((target) => target.mountPoint));
      await delay(delayMs);
      return new Map<string, VolumeIdentity>(
        targets.map((target) => [
          target.mountPoint,
          { fields: { serial: `serial-${target.mount?.mountId ?? 0}` }, sources: ['test'] },
        ]),
      );
    },
  };
}

function target(mountPoint: string, mountId: number): IdentityTarget {
  const mount = {
    mountId,
    parentId: 1,
    deviceNumber: '7:0',
    root: '/',
    mountPoint,
    fsType: 'ext4',
    source: '/dev/loop0',
    options: [],
  };
  return { mountPoint, device: null, mount };
}

describe('VolumeIdentityCache', () => {
  it('reads each mount once and reads it again when it is mounted again', async () => {
    const reader = slowReader(0);
    const cache = new VolumeIdentityCache({
      reader,
      logger: createMemoryLogger(),
      waitMs: 1_000,
      onLateIdentity: () => undefined,
    });

    await cache.lookup([target('/media/a', 1)]);
    const again = await cache.lookup([target('/media/a', 1)]);
    const remounted = await cache.lookup([target('/media/a', 2)]);

    expect(reader.reads).toEqual([['/media/a'], ['/media/a']]);
    expect(again.get('/media/a')?.fields.serial).toBe('serial-1');
    expect(remounted.get('/media/a')?.fields.serial).toBe('serial-2');
  });

  it('stops waiting for a slow reader and announces the identity when it arrives', async () => {
    let announcements = 0;
    const cache = new VolumeIdentityCache({
      reader: slowReader(300),
      logger: createMemoryLogger(),
      waitMs: 30,
      onLateIdentity: () => {
        announcements++;
      },
    });

    const first = await cache.lookup([target('/media/slow', 1)]);
    await delay(400);
    const later = await cache.lookup([target('/media/slow', 1)]);

    expect(first.has('/media/slow')).toBe(false);
    expect(announcements).toBe(1);
    expect(later.get('/media/slow')?.fields.serial).toBe('serial-1');
  });

  it('waits as long as it takes when asked to read until done', async () => {
    let announcements = 0;
    const cache = new VolumeIdentityCache({
      reader: slowReader(100),
      logger: createMemoryLogger(),
      waitMs: 10,
      onLateIdentity: () => {
        announcements++;
      },
    });

    const identities = await cache.lookup([target('/media/first', 1)], true);

    expect(identities.get('/media/first')?.fields.serial).toBe('serial-1');
    expect(announcements).toBe(0);
  });

  it('logs a reader that throws and lists without identities', async () => {
    const logger = createMemoryLogger();
    const cache = new VolumeIdentityCache({
      reader: { read: () => Promise.reject(new Error('a bug')) },
      logger,
      waitMs: 100,
      onLateIdentity: () => undefined,
    });

    const identities = await cache.lookup([target('/media/a', 1)]);

    expect(identities.size).toBe(0);
    expect(logger.records.some((record) => record.level === 'error')).toBe(true);
  });
});
