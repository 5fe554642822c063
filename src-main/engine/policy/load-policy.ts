import { readFile } from 'node:fs/promises';

import type { Policy } from './policy-schema.ts';
import { checkGroups } from './groups.ts';
import { policySchema } from './policy-schema.ts';

/** One thing wrong with a policy, located by a JSON path such as `$.cloudSync.action`. */
export interface PolicyError {
  path: string;
  message: string;
}

/**
 * Where a policy in force came from: the embedded default, a local policy file given to the
 * agent, or a managed location written by device management (which wins over both).
 */
export type PolicyOrigin =
  { kind: 'embedded' } | { kind: 'file'; path: string } | { kind: 'managed'; location: string };

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

export type PolicyLoadResult = PolicyParseResult & { origin: PolicyOrigin };

/** The largest policy file accepted; real policies are a few KiB. */
export const maxPolicyFileBytes = 1024 * 1024;

/** Parses and validates policy text, naming the JSON path and what was expected for each error. */
export function parsePolicy(text: string): PolicyParseResult {
  // Parse the JSON
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '$', message: describeSyntaxError(text, error) }] };
  }

  return validatePolicyDocument(document);
}

/** Validates a policy already parsed from JSON, a property list or the registry. */
export function validatePolicyDocument(document: unknown): PolicyParseResult {
  const result = policySchema.safeParse(document);
  if (result.success) {
    const groupErrors = checkGroups(result.data);
    return groupErrors.length === 0
      ? { ok: true, policy: result.data }
      : { ok: false, errors: groupErrors };
  }
  const errors = result.error.issues.map((issue) => ({
    path: toJsonPath(issue.path),
    message: issue.message,
  }));
  return { ok: false, errors };
}

/** Reads and validates a policy file. A missing or unreadable file is an error, not a throw. */
export async function loadPolicyFile(path: string): Promise<PolicyLoadResult> {
  const origin: PolicyOrigin = { kind: 'file', path };

  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength > maxPolicyFileBytes) {
      const message = `the file is ${bytes.byteLength} bytes; the limit is ${maxPolicyFileBytes}`;
      return { ok: false, errors: [{ path: '$', message }], origin };
    }
    text = bytes.toString('utf8');
  } catch (error) {
    const message = `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    return { ok: false, errors: [{ path: '$', message }], origin };
  }

  return { ...parsePolicy(text), origin };
}

/** Formats errors one per line: `$.cloudSync.action: Invalid option: expected one of ...`. */
export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return errors.map((error) => `${error.path}: ${error.message}`).join('\n');
}

function toJsonPath(segments: readonly PropertyKey[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) {
      path += `.${segment}`;
    } else {
      path += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return path;
}

/** Turns the JSON parser's error into a message, with a line and column where it gives one. */
function describeSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) {
    return `not valid JSON: ${message}`;
  }
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `not valid JSON at line ${line}, column ${column}: ${message}`;
}
