/**
 * The coarsest file timestamp of the filesystems we watch: FAT stores modification times in
 * two-second steps, rounded down, so a file written just after a volume was mounted may carry
 * a time before the mount. Catch-up scans look back this much further than asked.
 */
export const timestampSlackMs = 2_000;

/** The change-time threshold a catch-up scan applies for a root armed with `sinceMs`. */
export function catchUpThresholdMs(sinceMs: number): number {
  return sinceMs - timestampSlackMs;
}
