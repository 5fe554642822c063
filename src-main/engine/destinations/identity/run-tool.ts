import { execFile } from 'node:child_process';

/** What running a system tool gave: its output, or why there is none. */
export type ToolResult = { ok: true; stdout: string } | { ok: false; message: string };

/** Limits for one run of a system tool. */
export interface RunToolOptions {
  /** The tool is killed after this long; identity is a hint, never worth a hang. */
  timeoutMs: number;
  /** Output beyond this is refused rather than buffered. */
  maxOutputBytes: number;
}

/**
 * Runs a system tool (lsblk, blkid, diskutil, PowerShell) without a shell and returns its
 * standard output. A missing tool, a non-zero exit, a timeout or too much output are expected
 * failures and come back as values.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions,
): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        encoding: 'utf8',
        timeout: options.timeoutMs,
        maxBuffer: options.maxOutputBytes,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ ok: true, stdout });
          return;
        }

        // Name the tool and its complaint, not the whole command line
        const detail = stderr.trim().split('\n')[0] ?? '';
        resolve({
          ok: false,
          message: `${command} failed: ${detail !== '' ? detail : error.message}`,
        });
      },
    );
  });
}
