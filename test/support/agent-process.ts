import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { waitFor } from './temp.ts';

/** The `copywarden` command of this checkout. */
export const copywardenBin = fileURLToPath(new URL('../../bin/copywarden.js', import.meta.url));

/** A `copywarden agent --json` process, with the events it printed so far. */
export interface AgentProcess {
  process: ChildProcessWithoutNullStreams;
  events: ActivityEvent[];
  /** Each event's arrival time (epoch ms, fractional), by event id. */
  arrivals: Map<string, number>;
  stderr: string[];
  /** Waits for an event matching `predicate`. */
  waitForEvent(
    predicate: (event: ActivityEvent) => boolean,
    timeoutMs?: number,
  ): Promise<ActivityEvent>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `copywarden agent --json` with `args`, and resolves once it reports that it started. */
export async function startAgent(args: string[], env: NodeJS.ProcessEnv): Promise<AgentProcess> {
  const child = spawn(process.execPath, [copywardenBin, 'agent', '--json', ...args], { env });
  const events: ActivityEvent[] = [];
  const arrivals = new Map<string, number>();
  const stderr: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as ActivityEvent;
    arrivals.set(event.eventId, performance.timeOrigin + performance.now());
    events.push(event);
  });
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });

  const agent: AgentProcess = {
    process: child,
    events,
    arrivals,
    stderr,
    async waitForEvent(predicate, timeoutMs = 10_000) {
      await waitFor(
        () => events.some(predicate) || child.exitCode !== null,
        timeoutMs,
        'an agent event',
      );
      const event = events.find(predicate);
      if (event === undefined) {
        throw new Error(`The agent exited with ${String(child.exitCode)}:\n${stderr.join('\n')}`);
      }
      return event;
    },
    stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
      }
      return exited;
    },
  };
  await agent.waitForEvent((event) => event.type === 'agent-started', 30_000);
  return agent;
}
