import type { Output } from '../output.ts';
import { AgentNotRunningError, callAgent, type ControlCall } from './control-client.ts';

/**
 * Calls the running agent. Returns the result, or null after telling the user why there is
 * none: no agent runs for this data directory, or the agent refused the request.
 */
export async function callAgentOrExplain(
  dataDir: string,
  call: ControlCall,
  output: Output,
): Promise<unknown> {
  try {
    const response = await callAgent(dataDir, call);
    if (!response.ok) {
      output.error(response.error);
      return null;
    }
    return response.result;
  } catch (error) {
    if (error instanceof AgentNotRunningError) {
      output.error(`No agent is running for ${dataDir}; start one with: copywarden agent`);
      return null;
    }
    throw error;
  }
}
