import type { ProtectionState } from '../../../src-shared/bridge.ts';

/** An RGB colour. */
type Rgb = readonly [number, number, number];

/** A line of the glyph, in units of the icon's size (0 to 1). */
type Stroke = readonly [x1: number, y1: number, x2: number, y2: number];

/** Each state's disc colour and white glyph: a tick, an exclamation mark, a cross. */
const looks: Record<ProtectionState, { colour: Rgb; strokes: readonly Stroke[] }> = {
  protected: {
    colour: [28, 124, 67],
    strokes: [
      [0.3, 0.52, 0.44, 0.66],
      [0.44, 0.66, 0.71, 0.36],
    ],
  },
  attention: {
    colour: [201, 138, 0],
    strokes: [
      [0.5, 0.27, 0.5, 0.56],
      [0.5, 0.72, 0.5, 0.72],
    ],
  },
  degraded: {
    colour: [179, 38, 30],
    strokes: [
      [0.34, 0.34, 0.66, 0.66],
      [0.66, 0.34, 0.34, 0.66],
    ],
  },
};

/**
 * Draws the tray icon of `state` as RGBA pixels, `sizePx` square: a coloured disc with a white
 * glyph, anti-aliased. Drawn in code so that the icons need no image files and the three states
 * differ in shape as well as colour.
 */
export function drawTrayIcon(state: ProtectionState, sizePx: number): Uint8Array {
  const { colour, strokes } = looks[state];
  const pixels = new Uint8Array(sizePx * sizePx * 4);
  const radius = sizePx / 2 - 0.5;
  const strokeHalfWidth = sizePx * 0.065;

  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      // Coverage of the disc and of the glyph at the pixel's centre
      const centreX = x + 0.5;
      const centreY = y + 0.5;
      const disc = clamp01(radius - Math.hypot(centreX - sizePx / 2, centreY - sizePx / 2) + 0.5);
      const glyph = Math.max(
        ...strokes.map((stroke) =>
          clamp01(strokeHalfWidth - distanceToStroke(centreX, centreY, stroke, sizePx) + 0.5),
        ),
      );

      // White glyph over the coloured disc
      const offset = (y * sizePx + x) * 4;
      for (let channel = 0; channel < 3; channel++) {
        const base = colour[channel] ?? 0;
        pixels[offset + channel] = Math.round(base + (255 - base) * glyph);
      }
      pixels[offset + 3] = Math.round(255 * disc);
    }
  }
  return pixels;
}

function distanceToStroke(x: number, y: number, stroke: Stroke, sizePx: number): number {
  const [x1, y1, x2, y2] = stroke.map((value) => value * sizePx) as [
    number,
    number,
    number,
    number,
  ];
  const lengthSquared = (x2 - x1) ** 2 + (y2 - y1) ** 2;
  const along =
    lengthSquared === 0 ? 0 : ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / lengthSquared;
  const t = clamp01(along);
  return Math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1)));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
