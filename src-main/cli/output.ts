/** Where a command writes: standard output for results, standard error for diagnostics. */
export interface Output {
  out(line: string): void;
  error(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes shared by every command. */
export const exitCode = {
  ok: 0,
  /** The command ran and found a problem (an invalid policy, a broken log). */
  failure: 1,
  /** Bad arguments, or an input that could not be read. */
  usage: 2,
} as const;

/** A usage error: the message is shown with the command's usage line, and the exit code is 2. */
export class UsageError extends Error {}
