import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Destination } from '../../../../src-main/engine/destinations/destination.ts';
import {
  asArray,
  booleanValue,
  cleanText,
  normaliseFilesystem,
  normaliseSerial,
  normaliseUsbId,
} from '../../../../src-main/engine/destinations/identity/identity-values.ts';
import { applyVolumeIdentity } from '../../../../src-main/engine/destinations/identity/volume-identity.ts';

describe('normaliseUsbId', () => {
  it('reads every spelling of an id as four lower-case hex digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (id) => {
        const hex = id.toString(16);
        const expected = hex.padStart(4, '0');
        for (const spelling of [
          hex,
          `0x${hex.toUpperCase()}`,
          `0x${expected}  (Some Vendor)`,
          `VID_${expected.toUpperCase()}`,
        ]) {
          expect(normaliseUsbId(spelling)).toBe(expected);
        }
      }),
    );
  });

  it('gives null for what is not an id', () => {
    expect([normaliseUsbId('apple_vendor_id'), normaliseUsbId(''), normaliseUsbId(null)]).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('the value readers', () => {
  it('drop placeholder and made-up serials', () => {
    expect([
      normaliseSerial('000000000000'),
      normaliseSerial('6&1C2B3A4D&0'),
      normaliseSerial(' 4C53 '),
    ]).toEqual([null, null, '4C53']);
  });

  it('name filesystems alike across platforms', () => {
    expect(['msdos', 'FAT32', 'exFAT', 'NTFS', 'hfs', 'ntfs3'].map(normaliseFilesystem)).toEqual([
      'vfat',
      'vfat',
      'exfat',
      'ntfs',
      'hfsplus',
      'ntfs',
    ]);
  });

  it('read PowerShell single objects as lists and yes/no text as booleans', () => {
    expect(asArray({ Number: 1 })).toEqual([{ Number: 1 }]);
    expect(asArray(undefined)).toEqual([]);
    expect([
      booleanValue({ a: 'yes' }, 'a'),
      booleanValue({ a: 0 }, 'a'),
      booleanValue({ a: 'maybe' }, 'a'),
    ]).toEqual([true, false, null]);
  });

  it('drop control characters a device puts in its label', () => {
    expect(cleanText('\u001b[31mEVIL\u001b[0m\u0007 STICK\n')).toBe('[31mEVIL[0m STICK');
  });
});

describe('applyVolumeIdentity', () => {
  const volume: Destination = {
    id: 'volume:/media/alice/X',
    kind: 'removable-volume',
    path: '/media/alice/X',
    label: 'X',
    provider: null,
    account: null,
    device: null,
    evidence: ['mounted under mount root /media (ext4)'],
  };

  it('creates the device a reader named, cleans its text, and names every unknown field', () => {
    const destination = applyVolumeIdentity(volume, {
      fields: {
        device: '/dev/loop3',
        volumeLabel: 'BAD\u001bLABEL',
        vendor: 'SanDisk',
        model: 'Cruzer',
      },
      sources: ['blkid /dev/loop3'],
    });

    expect(destination.device).toEqual({
      device: '/dev/loop3',
      description: 'SanDisk Cruzer',
      bus: null,
      isUsb: false,
      isRemovable: false,
      isVirtual: false,
      sizeBytes: null,
      vendorId: null,
      productId: null,
      serial: null,
      vendor: 'SanDisk',
      model: 'Cruzer',
      volumeLabel: 'BADLABEL',
      filesystem: null,
      volumeUuid: null,
      encrypted: null,
    });
    expect(destination.evidence.at(-1)).toBe('identity from blkid /dev/loop3');
  });

  it('leaves a destination without a device as it is when the reader named none', () => {
    expect(applyVolumeIdentity(volume, { fields: { filesystem: 'vfat' }, sources: [] })).toBe(
      volume,
    );
  });
});
