import { commandNames } from '../../cli/main.ts';

/**
 * The installed app doubles as the `copywarden` command for administrators
 * (`copywarden status`, `copywarden policy show`...): when its first argument names a command of
 * the command line, returns the arguments for it; otherwise null, and the app starts as usual.
 * `agent` is not among them: the app is the agent.
 */
export function commandLineArguments(argv: readonly string[]): string[] | null {
  const index = firstPositional(argv);
  const name = index === null ? undefined : argv[index];
  if (index === null || name === undefined || name === 'agent' || !commandNames.has(name)) {
    return null;
  }
  return argv.slice(index);
}

/** The host's own options that take a value, whose value is no command. */
const hostOptionsWithValues = new Set(['--open', '--policy', '--data-dir']);

/** The index of the first argument that is neither an option, an option's value, nor the app path. */
function firstPositional(argv: readonly string[]): number | null {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (hostOptionsWithValues.has(argument)) {
      index++;
    } else if (!argument.startsWith('-') && !argument.endsWith('.js') && argument !== '.') {
      return index;
    }
  }
  return null;
}
