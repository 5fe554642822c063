import { describe, expect, it } from 'vitest';

import { commandLineArguments } from '../../src-main/app/platform/command-line-passthrough.ts';

describe('commandLineArguments', () => {
  it('passes administrator commands to the command line', () => {
    expect(commandLineArguments(['status', '--json'])).toEqual(['status', '--json']);
    expect(commandLineArguments(['--no-sandbox', 'policy', 'show'])).toEqual(['policy', 'show']);
  });

  it('starts the app for anything else, and never runs a second agent', () => {
    expect(commandLineArguments([])).toBeNull();
    expect(commandLineArguments(['--open', 'status'])).toBeNull();
    expect(commandLineArguments(['agent'])).toBeNull();
    expect(commandLineArguments(['dist/src-main/app/main.js', '--policy', 'p.json'])).toBeNull();
  });
});
