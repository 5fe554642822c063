import { validatePolicyDocument, formatPolicyErrors } from '../engine/policy/load-policy.ts';
import type { Policy } from '../engine/policy/policy-schema.ts';

/**
 * The policy the templates ship with: the engine's defaults, every setting spelled out, so that
 * an administrator sees each setting with its default in the file they start from. Deployed as
 * it is, it changes nothing on an endpoint except that the policy is now managed.
 */
export function examplePolicy(): Policy {
  const result = validatePolicyDocument({ version: 1 });
  if (!result.ok) {
    throw new Error(`the default policy does not validate:\n${formatPolicyErrors(result.errors)}`);
  }
  return result.policy;
}
