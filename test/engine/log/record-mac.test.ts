import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { toRow } from '../../../src-main/engine/log/event-row.ts';
import {
  computeAnchorMac,
  computeChainMac,
  computeRecordMac,
  genesisMac,
  type MacColumn,
  type MacValue,
} from '../../../src-main/engine/log/record-mac.ts';
import { sampleEvent } from './log-fixtures.ts';

const key = Buffer.alloc(32, 7);
const event = sampleEvent(1);

function row(overrides: Partial<Record<MacColumn, MacValue>> = {}): Record<MacColumn, MacValue> {
  return { ...toRow(event), checkpoint: null, ...overrides };
}

describe('computeRecordMac', () => {
  it('gives the same MAC for the same stored values, whatever their integer type', () => {
    const asNumbers = row({ size_bytes: 4096, encrypted: 0 });
    const asBigints = row({ size_bytes: 4096n, encrypted: 0n });

    expect(computeRecordMac(key, asBigints)).toEqual(computeRecordMac(key, asNumbers));
  });

  it('tells apart values that plain concatenation would confuse', () => {
    const pairs: [Partial<Record<MacColumn, MacValue>>, Partial<Record<MacColumn, MacValue>>][] = [
      [
        { file_path: '/a', file_name: 'bc' },
        { file_path: '/ab', file_name: 'c' },
      ],
      [{ detection: null }, { detection: '' }],
      [{ size_bytes: 1 }, { size_bytes: '1' }],
      [{ checkpoint: null }, { checkpoint: 'null' }],
    ];

    for (const [left, right] of pairs) {
      expect(computeRecordMac(key, row(left))).not.toEqual(computeRecordMac(key, row(right)));
    }
  });

  it('changes with any change to any covered text column', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<MacColumn>('event_id', 'time', 'user', 'file_path', 'message', 'outcome'),
        fc.string(),
        (column, value) => {
          const original = row();
          fc.pre(original[column] !== value);
          return !computeRecordMac(key, row({ [column]: value })).equals(
            computeRecordMac(key, original),
          );
        },
      ),
    );
  });
});

describe('computeChainMac', () => {
  it('binds the sequence and the previous MAC', () => {
    const recordMac = computeRecordMac(key, row());
    const base = computeChainMac(key, 1, genesisMac, recordMac);

    expect(computeChainMac(key, 2, genesisMac, recordMac)).not.toEqual(base);
    expect(computeChainMac(key, 1, Buffer.alloc(32, 1), recordMac)).not.toEqual(base);
    expect(computeChainMac(Buffer.alloc(32, 8), 1, genesisMac, recordMac)).not.toEqual(base);
  });

  it('never equals the anchor MAC over the same inputs', () => {
    const recordMac = computeRecordMac(key, row());

    expect(computeAnchorMac(key, 1, recordMac)).not.toEqual(
      computeChainMac(key, 1, genesisMac, recordMac),
    );
  });
});
