import { describe, expect, it } from 'vitest';

import { readPolicySettings, type SettingStorage } from '../../src-main/deploy/policy-settings.ts';

/** The settings model the templates are generated from, read from the policy's JSON Schema. */
describe('readPolicySettings', () => {
  it('stores each kind of setting in the slot device management has for it', () => {
    const model = readPolicySettings();
    const storageOf = (path: string): SettingStorage['kind'] | undefined =>
      model.settings.find((setting) => setting.path.join('.') === path)?.storage.kind;

    expect(storageOf('removableVolumes.monitor')).toBe('switch');
    expect(storageOf('removableVolumes.action')).toBe('choice');
    expect(storageOf('prompt.timeoutSeconds')).toBe('count');
    expect(storageOf('prompt.batchWindowSeconds')).toBe('number');
    expect(storageOf('detections.bulkBackupCopy.maxBytes')).toBe('number');
    expect(storageOf('cloudSync.approvedFolders')).toBe('textList');
    expect(storageOf('quarantine.contact')).toBe('text');
    expect(storageOf('groups')).toBe('json');
    expect(storageOf('forwarding.targets')).toBe('json');
  });

  it('makes the format version a constant every policy writes, not a setting', () => {
    const model = readPolicySettings();

    expect(model.constants).toEqual([{ path: ['version'], value: 1 }]);
    expect(model.settings.some((setting) => setting.path.join('.') === 'version')).toBe(false);
  });

  it('follows a section added to the schema without any change here', () => {
    const schema = {
      type: 'object',
      properties: {
        version: { type: 'number', const: 1 },
        agent: {
          type: 'object',
          additionalProperties: false,
          properties: {
            startAtLogin: { type: 'boolean', default: true, description: 'Start at login.' },
            channel: { type: 'string', enum: ['stable', 'beta'] },
          },
        },
      },
      additionalProperties: false,
    };

    const model = readPolicySettings(schema);

    expect(model.sections.map((section) => section.path)).toEqual([[], ['agent']]);
    expect(model.settings).toEqual([
      {
        path: ['agent', 'startAtLogin'],
        storage: { kind: 'switch' },
        description: 'Start at login.',
        defaultValue: true,
      },
      {
        path: ['agent', 'channel'],
        storage: { kind: 'choice', values: ['stable', 'beta'] },
        description: null,
        defaultValue: undefined,
      },
    ]);
  });

  it('keeps a whole number in a DWORD only while its default fits one', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        small: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991, default: 20 },
        large: { type: 'integer', minimum: 0, maximum: 9_007_199_254_740_991, default: 2 ** 40 },
        signed: { type: 'integer', minimum: -5, maximum: 5 },
      },
    };

    const storages = readPolicySettings(schema).settings.map((setting) => setting.storage);

    expect(storages).toEqual([
      { kind: 'count', minimum: 1, maximum: 0xffff_ffff, clamped: true },
      { kind: 'number', minimum: 0, maximum: 9_007_199_254_740_991 },
      { kind: 'number', minimum: -5, maximum: 5 },
    ]);
  });
});
