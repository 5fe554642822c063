import { z } from 'zod';

import { policySchema } from './policy-schema.ts';

let cached: Record<string, unknown> | null = null;

/**
 * The published JSON Schema of the policy, generated from the same definition the engine
 * validates with (the input side: defaults may be left out).
 */
export function policyJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'urn:copywarden:policy:1',
    title: 'Copywarden policy, version 1',
  };
  return cached;
}
