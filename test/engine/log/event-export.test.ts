import { describe, expect, it } from 'vitest';

import {
  csvCell,
  csvHeader,
  csvLine,
  jsonLine,
} from '../../../src-main/engine/log/event-export.ts';
import type { LoggedEvent } from '../../../src-main/engine/log/log-query.ts';
import { readCsv } from './csv-reader.ts';
import { sampleEvent } from './log-fixtures.ts';

function record(overrides: Parameters<typeof sampleEvent>[1] = {}): LoggedEvent {
  return { sequence: 7, chainMac: 'ab'.repeat(32), event: sampleEvent(7, overrides) };
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a=b', 'a=b'],
  ])('writes %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes null as an empty cell and numbers and booleans as they are', () => {
    expect([csvCell(null), csvCell(4096), csvCell(false)]).toEqual(['', '4096', 'false']);
  });
});

describe('CSV export', () => {
  it('reads back to the same fields, with formula cells defused', () => {
    const hostile = record({
      message: 'copied, "quoted"\nand =cmd|calc',
      file: {
        path: '/media/alice/STICK/=1+1.vhdx',
        name: '=1+1.vhdx',
        sizeBytes: 10,
        format: 'vhdx',
        category: 'disk-image',
        encrypted: null,
        sha256: null,
      },
    });

    const [header = [], row = []] = readCsv(csvHeader() + csvLine(hostile));
    const cells = Object.fromEntries(header.map((name, index) => [name, row[index]]));

    expect(header).toHaveLength(row.length);
    expect(cells).toMatchObject({
      sequence: '7',
      eventId: hostile.event.eventId,
      message: 'copied, "quoted"\nand =cmd|calc',
      'file.name': "'=1+1.vhdx",
      'file.path': '/media/alice/STICK/=1+1.vhdx',
      'file.encrypted': '',
      'destination.label': 'STICK',
    });
  });
});

describe('JSON Lines export', () => {
  it('writes one line holding the sequence, chain MAC and every event field', () => {
    const logged = record();

    const line = jsonLine(logged);

    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      sequence: 7,
      chainMac: logged.chainMac,
      ...logged.event,
    });
  });
});
