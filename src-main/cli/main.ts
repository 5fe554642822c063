import { agentUsage, runAgent } from './commands/agent.ts';
import { classifyUsage, runClassify } from './commands/classify.ts';
import { destinationsUsage, runDestinations } from './commands/destinations.ts';
import { logUsage, runLog } from './commands/log.ts';
import { policyUsage, runPolicy } from './commands/policy.ts';
import { answerUsage, promptsUsage, runAnswer, runPrompts } from './commands/prompts.ts';
import { quarantineUsage, runQuarantine } from './commands/quarantine.ts';
import { repositoriesUsage, runRepositories } from './commands/repositories.ts';
import { runStatus, statusUsage } from './commands/status.ts';
import type { Output } from './output.ts';
import { exitCode, processOutput, UsageError } from './output.ts';

interface Command {
  usage: string;
  summary: string;
  run(args: string[], output: Output): number | Promise<number>;
}

/** The commands, in the order `copywarden --help` lists them. */
const commands: Record<string, Command> = {
  agent: { usage: agentUsage, summary: 'run the detection engine until stopped', run: runAgent },
  classify: { usage: classifyUsage, summary: 'tell whether files are backups', run: runClassify },
  destinations: {
    usage: destinationsUsage,
    summary: 'list the volumes and sync folders the engine would watch',
    run: runDestinations,
  },
  log: { usage: logUsage, summary: 'show the activity log, newest first', run: runLog },
  policy: { usage: policyUsage, summary: 'check or show a policy', run: runPolicy },
  prompts: {
    usage: promptsUsage,
    summary: 'list the prompts a running agent waits on',
    run: runPrompts,
  },
  answer: { usage: answerUsage, summary: 'justify or cancel a held copy', run: runAnswer },
  repositories: {
    usage: repositoriesUsage,
    summary: 'inventory backup repositories, or find copies of their files',
    run: runRepositories,
  },
  quarantine: {
    usage: quarantineUsage,
    summary: 'list, restore or purge quarantined files',
    run: runQuarantine,
  },
  status: {
    usage: statusUsage,
    summary: 'show whether the agent runs and how SIEM delivery stands',
    run: runStatus,
  },
};

/** The names of the commands, for hosts that pass their arguments on. */
export const commandNames: ReadonlySet<string> = new Set(Object.keys(commands));

/** Runs the command line and returns the exit code. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.out(helpText());
    return name === undefined ? exitCode.usage : exitCode.ok;
  }

  const command = commands[name];
  if (command === undefined) {
    output.error(`copywarden: unknown command "${name}"\n\n${helpText()}`);
    return exitCode.usage;
  }

  try {
    return await command.run(args, output);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      output.error(`copywarden ${name}: ${(error as Error).message}\nusage: ${command.usage}`);
      return exitCode.usage;
    }
    throw error;
  }
}

function helpText(): string {
  const lines = Object.values(commands).map(
    (command) => `  ${command.usage}\n      ${command.summary}`,
  );
  return `Copywarden: stops backups leaving on removable volumes and cloud-sync folders.\n\n${lines.join('\n')}`;
}

/** node:util's parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for bad arguments. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
