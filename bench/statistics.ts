/** The value at `fraction` (0..1) of the sorted `values`; NaN when empty. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((left, right) => left - right);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** `12.3 ms`, or `n/a` for NaN. */
export function formatMs(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`;
}

/** `ours / baseline` as `2.10x`, or `n/a`. */
export function formatRatio(ours: number, baseline: number): string {
  if (Number.isNaN(ours) || Number.isNaN(baseline) || baseline === 0) {
    return 'n/a';
  }
  return `${(ours / baseline).toFixed(2)}x`;
}
