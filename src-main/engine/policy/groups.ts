import type { PolicyGroup } from './group-schema.ts';
import { policySchema, type Policy } from './policy-schema.ts';

/** One thing wrong with the groups, located by a JSON path. */
export interface GroupError {
  path: string;
  message: string;
}

/**
 * Checks what the schema alone cannot: unique ids, a default group that exists, and overrides
 * that give a valid policy once applied. Override errors are located inside the override.
 */
export function checkGroups(policy: Policy): GroupError[] {
  const errors: GroupError[] = [];

  // Ids and the default group
  const seen = new Set<string>();
  policy.groups.forEach((group, index) => {
    if (seen.has(group.id)) {
      errors.push({ path: `$.groups[${index}].id`, message: `the id "${group.id}" is used twice` });
    }
    seen.add(group.id);
  });
  if (policy.groups.length > 0 && !seen.has(policy.defaultGroup)) {
    errors.push({
      path: '$.defaultGroup',
      message: `no group has the id "${policy.defaultGroup}"`,
    });
  }

  // Each group's overrides, applied
  policy.groups.forEach((group, index) => {
    const result = policySchema.safeParse(mergeOverrides(policy, group));
    for (const issue of result.success ? [] : result.error.issues) {
      const inner = issue.path.map((segment) =>
        typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`,
      );
      errors.push({
        path: `$.groups[${index}].overrides${inner.join('')}`,
        message: issue.message,
      });
    }
  });
  return errors;
}

/** The policy as it applies to members of `group`: the base settings with its overrides. */
export function effectivePolicy(policy: Policy, group: PolicyGroup): Policy {
  return policySchema.parse(mergeOverrides(policy, group));
}

/**
 * The group a user belongs to: the first group that names the user or one of the user's OS
 * groups (names compare case-insensitively, as Windows and directory services do), else the
 * default group.
 */
export function resolveGroup(
  policy: Policy,
  user: string,
  osGroups: readonly string[],
): PolicyGroup {
  const userName = user.toLowerCase();
  const groupNames = new Set(osGroups.map((name) => name.toLowerCase()));
  const member = policy.groups.find(
    (group) =>
      group.members.users.some((name) => name.toLowerCase() === userName) ||
      group.members.osGroups.some((name) => groupNames.has(name.toLowerCase())),
  );
  return (
    member ??
    policy.groups.find((group) => group.id === policy.defaultGroup) ??
    implicitGroup(policy)
  );
}

/** The group of a policy that defines none. */
function implicitGroup(policy: Policy): PolicyGroup {
  return {
    id: policy.defaultGroup,
    name: 'Everyone',
    members: { osGroups: [], users: [] },
    monitoring: true,
    handlesBackups: false,
    overrides: {},
  };
}

/** The base settings with the group's overrides merged in, as a document to validate. */
function mergeOverrides(policy: Policy, group: PolicyGroup): Record<string, unknown> {
  return { ...deepMerge(policy, group.overrides), groups: [] };
}

/** Objects merge key by key; anything else in `override` replaces what `base` holds. */
function deepMerge(base: unknown, override: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override as Record<string, unknown>)) {
    const current = result[key];
    result[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
