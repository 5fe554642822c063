import { createConnection } from 'node:net';
import { createInterface } from 'node:readline';

import { controlSocketPath, type ControlRequest, type ControlResponse } from './protocol.ts';

/** The request without its id: the client numbers requests itself. */
export type ControlCall = ControlRequest extends infer Request
  ? Request extends ControlRequest
    ? Omit<Request, 'id'>
    : never
  : never;

/** Why a call could not be made: no agent runs for this data directory. */
export class AgentNotRunningError extends Error {}

/** Sends one request to the agent serving `dataDir` and returns its response. */
export function callAgent(
  dataDir: string,
  call: ControlCall,
  timeoutMs = 30_000,
): Promise<ControlResponse> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(controlSocketPath(dataDir));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the agent did not answer within ${timeoutMs} ms`));
    }, timeoutMs);

    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const notRunning = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
      reject(notRunning ? new AgentNotRunningError(`no agent is running for ${dataDir}`) : error);
    });
    socket.once('connect', () => {
      socket.write(`${JSON.stringify({ ...call, id: 1 })}\n`);
    });
    createInterface({ input: socket }).once('line', (line) => {
      clearTimeout(timer);
      socket.end();
      resolve(JSON.parse(line) as ControlResponse);
    });
  });
}
