const unitMs: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Turns `--since` into an ISO time: a duration back from `now` (`30m`, `1h`, `7d`) or an ISO
 * date. Returns null for anything else.
 */
export function parseSince(value: string, now: Date = new Date()): string | null {
  const duration = /^(\d+)([smhd])$/.exec(value);
  if (duration !== null) {
    const [, amount = '0', unit = 's'] = duration;
    return new Date(now.getTime() - Number(amount) * (unitMs[unit] ?? 0)).toISOString();
  }

  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    return null;
  }
  return date.toISOString();
}
