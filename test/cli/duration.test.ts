import { describe, expect, it } from 'vitest';

import { resolveDataDir } from '../../src-main/engine/data-dir.ts';
import { parseSince } from '../../src-main/cli/duration.ts';

describe('parseSince', () => {
  const now = new Date('2026-12-03T12:00:00.000Z');

  it('reads durations back from now', () => {
    expect(parseSince('30m', now)).toBe('2026-12-03T11:30:00.000Z');
    expect(parseSince('1h', now)).toBe('2026-12-03T11:00:00.000Z');
    expect(parseSince('2d', now)).toBe('2026-12-01T12:00:00.000Z');
  });

  it('reads ISO dates', () => {
    expect(parseSince('2026-12-01', now)).toBe('2026-12-01T00:00:00.000Z');
    expect(parseSince('2026-12-01T08:30:00Z', now)).toBe('2026-12-01T08:30:00.000Z');
  });

  it('refuses anything else', () => {
    expect(parseSince('yesterday', now)).toBeNull();
    expect(parseSince('1w', now)).toBeNull();
    expect(parseSince('2026-13-45', now)).toBeNull();
  });
});

describe('resolveDataDir', () => {
  it('prefers the flag, then the environment, then the platform default', () => {
    const env = { HOME: '/home/alice', COPYWARDEN_DATA_DIR: '/srv/cw' };

    expect(resolveDataDir('/tmp/flag', env, 'linux')).toBe('/tmp/flag');
    expect(resolveDataDir(undefined, env, 'linux')).toBe('/srv/cw');
    expect(resolveDataDir(undefined, { HOME: '/home/alice' }, 'linux')).toBe(
      '/home/alice/.local/state/copywarden',
    );
    expect(resolveDataDir(undefined, { HOME: '/Users/alice' }, 'darwin')).toBe(
      '/Users/alice/Library/Application Support/Copywarden',
    );
  });
});
