import type { Detection, Detector } from './detection.ts';
import { hexOffset } from './detection.ts';

/** A format recognised by one fixed magic and nothing else. */
export interface MagicRow {
  format: string;
  category: Detection['category'];
  /** File offset of the magic. */
  offset: number;
  /** The magic, as bytes or as a string of 8-bit characters. */
  magic: Uint8Array | string;
  /** How the magic is shown in reasons, such as `"MSWIM\0\0\0"`. */
  label: string;
  confidence: Detection['confidence'];
  encrypted: boolean | null;
  rule?: Detection['rule'];
  /** A further fact worth a reason, such as `encrypted blob`. */
  note?: string;
}

/** Builds one detector that tries `rows` in order and reports the first whose magic matches. */
export function magicTableDetector(rows: readonly MagicRow[]): Detector {
  return ({ view }) => {
    const row = rows.find((candidate) => view.matches(candidate.offset, candidate.magic));
    if (row === undefined) {
      return null;
    }

    const reasons = [`${row.label} at offset ${offsetLabel(row.offset)}`];
    if (row.note !== undefined) {
      reasons.push(row.note);
    }
    return {
      format: row.format,
      category: row.category,
      rule: row.rule ?? 'always',
      confidence: row.confidence,
      encrypted: row.encrypted,
      reasons,
    };
  };
}

function offsetLabel(offset: number): string {
  return offset < 10 ? String(offset) : `${offset} (${hexOffset(offset)})`;
}
