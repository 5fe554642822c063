/**
 * The wait before the next attempt after `failures` failures in a row: doubling from
 * `initialMs` up to `maxMs`, with "equal jitter" (half the wait fixed, half random) so that a
 * fleet of agents coming back from the same outage does not retry in step.
 */
export function backoffDelayMs(
  failures: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const ceilingMs = Math.min(maxMs, initialMs * 2 ** exponent);
  return ceilingMs / 2 + random() * (ceilingMs / 2);
}
