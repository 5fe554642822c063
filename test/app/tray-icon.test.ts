import { inflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { encodePng } from '../../src-main/app/tray/png.ts';
import { drawTrayIcon } from '../../src-main/app/tray/tray-icon.ts';

/** The RGBA pixel at (x, y) of a square icon. */
function pixel(icon: Uint8Array, sizePx: number, x: number, y: number): number[] {
  const offset = (y * sizePx + x) * 4;
  return [...icon.subarray(offset, offset + 4)];
}

describe('drawTrayIcon', () => {
  it('draws each state in its own colour, transparent outside the disc', () => {
    const states = ['protected', 'attention', 'degraded'] as const;

    const icons = states.map((state) => drawTrayIcon(state, 32));
    // A point on the disc away from every glyph
    const discColours = icons.map((icon) => pixel(icon, 32, 5, 16).join(','));

    expect(new Set(discColours).size).toBe(3);
    for (const icon of icons) {
      expect(pixel(icon, 32, 0, 0)[3]).toBe(0);
      expect(pixel(icon, 32, 5, 16)[3]).toBe(255);
    }
  });

  it('draws a white glyph in the middle of the attention icon', () => {
    const icon = drawTrayIcon('attention', 32);

    expect(pixel(icon, 32, 16, 12)).toEqual([255, 255, 255, 255]);
  });
});

describe('encodePng', () => {
  it('writes a PNG whose header and pixels read back', () => {
    const rgba = drawTrayIcon('protected', 16);

    const png = encodePng(16, 16, rgba);

    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(16);
    expect(png.readUInt32BE(20)).toBe(16);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(16 * (16 * 4 + 1));
    expect(raw.subarray(1, 65)).toEqual(Buffer.from(rgba.subarray(0, 64)));
  });

  it('refuses pixels that do not fit the size', () => {
    expect(() => encodePng(4, 4, new Uint8Array(10))).toThrow(RangeError);
  });
});
