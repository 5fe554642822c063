import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import type {
  Destination,
  DeviceIdentity,
} from '../../../src-main/engine/destinations/destination.ts';
import {
  approvedDeviceSchema,
  deviceApprovalOf,
  findApprovedDevice,
  matchesDevicePattern,
} from '../../../src-main/engine/policy/approved-devices.ts';
import { decide } from '../../../src-main/engine/policy/decide.ts';
import { effectivePolicy, resolveGroup } from '../../../src-main/engine/policy/groups.ts';
import { policySchema } from '../../../src-main/engine/policy/policy-schema.ts';

/** The company's backup stick: a SanDisk Cruzer Blade, as the identity readers report it. */
const companyStick: DeviceIdentity = {
  device: '/dev/sdb',
  description: 'SanDisk Cruzer Blade',
  bus: 'usb',
  isUsb: true,
  isRemovable: true,
  isVirtual: false,
  sizeBytes: 15631122432,
  vendorId: '0781',
  productId: '5567',
  serial: '4C530001230101117263',
  vendor: 'SanDisk',
  model: 'Cruzer Blade',
  volumeLabel: 'BACKUP',
  filesystem: 'vfat',
  volumeUuid: '1A2B-3C4D',
  encrypted: false,
};
/** The same model bought in a shop. */
const shopStick: DeviceIdentity = {
  ...companyStick,
  serial: '4C530001150412109876',
  volumeUuid: '77E0-12AB',
};
/** A stick of the same batch that reports the same serial, formatted on its own. */
const cloneStick: DeviceIdentity = { ...companyStick, volumeUuid: 'C0DE-0042' };

function onVolume(device: DeviceIdentity | null): Destination {
  return {
    id: '/media/alice/BACKUP',
    kind: 'removable-volume',
    path: '/media/alice/BACKUP',
    label: 'BACKUP',
    provider: null,
    account: null,
    device,
    evidence: ['mounted under mount root /media'],
  };
}

const vhdx: Classification = {
  path: '/media/alice/BACKUP/server.vhdx',
  sizeBytes: 4_194_304,
  isBackup: true,
  format: 'vhdx',
  category: 'disk-image',
  confidence: 'high',
  encrypted: null,
  reasons: ['"vhdxfile" at offset 0'],
};

describe('approvedDeviceSchema', () => {
  it('accepts entries that name fields, and turns wildcard-only and empty entries away', () => {
    const results = [
      { vendorId: '0x0781', productId: '5567', serial: '4C53*' },
      {},
      { serial: '*', volumeUuid: '????-????' },
      { serial: '4C53*' },
      { vendorId: 'SanDisk' },
      { serial: '4C53', extra: true },
    ].map((entry) => approvedDeviceSchema.safeParse(entry).success);

    expect(results).toEqual([true, false, false, false, false, false]);
  });
});

describe('findApprovedDevice', () => {
  const entries = approvedDeviceSchema.array().parse([
    {
      vendorId: '0781',
      productId: '5567',
      serial: '4C530001230101117263',
      volumeUuid: '1a2b-3c4d',
      description: 'finance backup stick',
    },
  ]);

  it('approves the listed stick and not another of the same model', () => {
    expect(findApprovedDevice(entries, companyStick)?.index).toBe(0);
    expect(findApprovedDevice(entries, shopStick)).toBeNull();
  });

  it('turns away a clone with the same serial when the entry also names the volume UUID', () => {
    const bySerialOnly = approvedDeviceSchema.array().parse([{ serial: '4C530001230101117263' }]);

    expect(findApprovedDevice(bySerialOnly, cloneStick)).not.toBeNull();
    expect(findApprovedDevice(entries, cloneStick)).toBeNull();
  });

  it('matches wildcards, 0x-prefixed and short ids, and case, but never an unreported field', () => {
    const family = approvedDeviceSchema.array().parse([{ vendorId: '0x781', serial: '4c53*26?' }]);
    const anySerial = approvedDeviceSchema.array().parse([{ vendorId: '0781', serial: '*' }]);

    expect(findApprovedDevice(family, companyStick)).not.toBeNull();
    expect(
      findApprovedDevice(family, { ...companyStick, serial: '4C530001230101117273' }),
    ).toBeNull();
    expect(findApprovedDevice(anySerial, { ...companyStick, serial: null })).toBeNull();
    expect(findApprovedDevice(anySerial, null)).toBeNull();
  });

  it('reports the approval status of removable volumes only', () => {
    expect(deviceApprovalOf(entries, onVolume(companyStick))).toMatchObject({
      status: 'approved',
      index: 0,
    });
    expect(deviceApprovalOf(entries, onVolume(shopStick))).toEqual({ status: 'not-approved' });
    expect(deviceApprovalOf(entries, { kind: 'cloud-sync', device: null })).toBeNull();
  });
});

describe('matchesDevicePattern', () => {
  it('matches every literal value with itself and not with a longer one', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1 })
          .filter((value) => !/[*?]/.test(value) && value.trim() === value && value !== ''),
        (value) => {
          expect(matchesDevicePattern(value, value)).toBe(true);
          expect(matchesDevicePattern(value, `${value}x`)).toBe(false);
        },
      ),
    );
  });
});

describe('decide with approved devices', () => {
  const policy = policySchema.parse({
    version: 1,
    removableVolumes: {
      action: 'block',
      approvedDevices: [
        {
          vendorId: '0781',
          productId: '5567',
          serial: '4C530001230101117263',
          volumeUuid: '1A2B-3C4D',
        },
      ],
    },
  });

  it('records a backup on the approved stick without acting on it', () => {
    const decision = decide(policy, vhdx, onVolume(companyStick));

    expect(decision).toMatchObject({ kind: 'act', detection: null, risk: 'none', action: 'audit' });
    expect(decision.kind === 'act' ? decision.reason : '').toContain(
      'removableVolumes.approvedDevices[0]',
    );
  });

  it('blocks the same backup on another stick of the same model, and on a clone', () => {
    for (const device of [shopStick, cloneStick, null]) {
      expect(decide(policy, vhdx, onVolume(device))).toMatchObject({
        detection: 'Unauthorized Device Transfer',
        action: 'block',
      });
    }
  });

  it('takes a group override of the approved devices', () => {
    const withGroup = policySchema.parse({
      version: 1,
      groups: [
        {
          id: 'it',
          name: 'IT',
          members: { users: ['alice'] },
          overrides: {
            removableVolumes: { approvedDevices: [{ vendorId: '0781', productId: '5567' }] },
          },
        },
        { id: 'everyone', name: 'Everyone' },
      ],
    });

    const forAlice = effectivePolicy(withGroup, resolveGroup(withGroup, 'alice', []));
    const forBob = effectivePolicy(withGroup, resolveGroup(withGroup, 'bob', []));

    expect(decide(forAlice, vhdx, onVolume(shopStick))).toMatchObject({ action: 'audit' });
    expect(decide(forBob, vhdx, onVolume(shopStick))).toMatchObject({ action: 'block' });
  });
});
