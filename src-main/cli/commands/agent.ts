import { homedir } from 'node:os';
import { parseArgs } from 'node:util';

import { createStderrLogger } from '../../engine/base/logger.ts';
import { Engine, PolicyFileError } from '../../engine/engine.ts';
import { resolveDataDir } from '../../engine/data-dir.ts';
import { ControlServer } from '../control/control-server.ts';
import { formatEvent } from '../format-event.ts';
import type { Output } from '../output.ts';
import { exitCode } from '../output.ts';

export const agentUsage = 'copywarden agent [--policy FILE] [--data-dir DIR] [--json] [--verbose]';

/**
 * Runs the engine until SIGINT or SIGTERM, printing one line per event (`--json`: one JSON
 * object per line), then shuts down cleanly.
 */
export async function runAgent(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      policy: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });

  // Build the engine and its control channel
  const logger = createStderrLogger(values.verbose ? 'debug' : 'info');
  const dataDir = resolveDataDir(values['data-dir']);
  const engine = new Engine({
    dataDir,
    policyFile: values.policy ?? null,
    logger,
    home: process.env['HOME'] ?? homedir(),
    env: process.env,
  });
  engine.onDidRecordEvent((event) => {
    output.out(values.json ? JSON.stringify(event) : formatEvent(event));
  });
  if (!values.json) {
    engine.onDidChangePrompts((prompts) => {
      for (const prompt of prompts) {
        output.out(
          `${prompt.files.length} file(s) held on ${prompt.destination.label}: answer with copywarden answer ${prompt.id} --reason "..." or --cancel (copywarden prompts lists the reasons)`,
        );
      }
    });
  }
  const control = new ControlServer(engine, dataDir, logger);

  // Start: one agent per data directory
  try {
    await control.start();
    await engine.start();
  } catch (error) {
    await control.dispose();
    await engine.dispose();
    if (error instanceof PolicyFileError) {
      output.error(error.message);
      return exitCode.failure;
    }
    output.error(`copywarden agent: ${error instanceof Error ? error.message : String(error)}`);
    return exitCode.failure;
  }

  // Run until asked to stop
  const signal = await waitForStopSignal();
  logger.info(`[Agent]: ${signal} received; stopping`);
  await control.dispose();
  await engine.dispose();
  return exitCode.ok;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
