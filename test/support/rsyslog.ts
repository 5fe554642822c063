import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { TestCertificates } from './certificates.ts';
import { delay } from './temp.ts';

const run = promisify(execFile);

/** The tools a real rsyslog needs (TLS inputs also need the rsyslog-gnutls package). */
export const rsyslogTools = ['rsyslogd'];

/** One imtcp input; what it receives goes to its own file. */
export interface RsyslogInput {
  name: string;
  /** TLS through the gtls driver; `x509/certvalid` requires a client certificate from the CA. */
  tls?: { authMode: 'anon' | 'x509/certvalid'; certificates: TestCertificates };
}

/** A message as rsyslog parsed it (its own RFC 5424 parser, not ours). */
export interface ReceivedSyslogMessage {
  pri: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  msg: string;
}

/** A running rsyslogd, in the foreground, on 127.0.0.1. */
export interface RsyslogServer {
  /** The port of each input, by name. */
  ports: Record<string, number>;
  /** What an input received so far, in arrival order. */
  messages(input: string): Promise<ReceivedSyslogMessage[]>;
  /** Stops rsyslogd (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again with the same configuration and ports. */
  start(): Promise<void>;
  /** Stops it for good. */
  dispose(): Promise<void>;
}

/**
 * Starts rsyslogd with one imtcp input per `inputs`, writing each message's fields as a JSON
 * line to a file per input. The configuration is validated with `rsyslogd -N1` first.
 */
export async function startRsyslog(
  directory: string,
  inputs: readonly RsyslogInput[],
): Promise<RsyslogServer> {
  // Ports and configuration
  const ports: Record<string, number> = {};
  for (const input of inputs) {
    ports[input.name] = await findFreePort();
  }
  const configFile = join(directory, 'rsyslog.conf');
  await writeFile(configFile, configuration(directory, inputs, ports));
  await run('rsyslogd', ['-N1', '-f', configFile]);

  // Process
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn('rsyslogd', ['-n', '-f', configFile, '-i', join(directory, 'rsyslog.pid')], {
      stdio: 'ignore',
    });
    await waitForPorts(Object.values(ports), child);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();

  return {
    ports,
    messages: (input) => readMessages(join(directory, `${input}.jsonl`)),
    stop,
    start,
    dispose: stop,
  };
}

function configuration(
  directory: string,
  inputs: readonly RsyslogInput[],
  ports: Record<string, number>,
): string {
  const lines = [
    `global(workDirectory="${directory}" maxMessageSize="64k")`,
    'module(load="imtcp" maxSessions="200")',
    'template(name="fields" type="list" option.jsonf="on") {',
    '  property(outname="pri" name="pri" format="jsonf")',
    '  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")',
    '  property(outname="hostname" name="hostname" format="jsonf")',
    '  property(outname="appName" name="app-name" format="jsonf")',
    '  property(outname="procId" name="procid" format="jsonf")',
    '  property(outname="msgId" name="msgid" format="jsonf")',
    '  property(outname="structuredData" name="structured-data" format="jsonf")',
    '  property(outname="msg" name="msg" format="jsonf")',
    '}',
  ];

  for (const input of inputs) {
    const file = join(directory, `${input.name}.jsonl`);
    lines.push(
      `ruleset(name="${input.name}") { action(type="omfile" file="${file}" template="fields") }`,
    );
    const tls = input.tls;
    const driver =
      tls === undefined
        ? ''
        : ` streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="${tls.authMode}"` +
          ` streamDriver.CAFile="${tls.certificates.caFile}"` +
          ` streamDriver.CertFile="${tls.certificates.serverCertFile}"` +
          ` streamDriver.KeyFile="${tls.certificates.serverKeyFile}"`;
    lines.push(
      `input(type="imtcp" address="127.0.0.1" port="${ports[input.name]}" ruleset="${input.name}"${driver})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function readMessages(file: string): Promise<ReceivedSyslogMessage[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }

  // The last line may still be being written
  const lines = text.split('\n').filter((line) => line.endsWith('}'));
  return lines.map((line) => {
    const fields = JSON.parse(line) as Record<string, string>;
    return { ...(fields as unknown as ReceivedSyslogMessage), pri: Number(fields['pri']) };
  });
}

/** A port that was free a moment ago: rsyslog cannot listen on port 0 and report it. */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

async function waitForPorts(ports: number[], child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await canConnect(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`rsyslogd did not listen on ${port} (exit code ${String(child.exitCode)})`);
      }
      await delay(25);
    }
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
