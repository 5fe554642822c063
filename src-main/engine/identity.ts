import { userInfo } from 'node:os';

import machineIdModule from 'node-machine-id';

/** Who and where: stamped on every activity event. */
export interface Identity {
  user: string;
  /** A stable, hashed id of this machine (the OS's machine id, SHA-256). */
  machineId: string;
}

/** Reads the current user and the machine id. Falls back to `unknown` rather than failing. */
export function readIdentity(): Identity {
  return { user: currentUser(), machineId: currentMachineId() };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

function currentMachineId(): string {
  try {
    return machineIdModule.machineIdSync();
  } catch {
    return 'unknown';
  }
}
