import { embeddedPolicy } from './default-policy.ts';
import type { PolicyGroup } from './group-schema.ts';
import { effectivePolicy, resolveGroup } from './groups.ts';
import type { Policy } from './policy-schema.ts';

/**
 * The user's group under the policy in force, and the policy as it applies to that group. It
 * is worked out again whenever the policy changes.
 */
export class Membership {
  readonly #user: string;
  #osGroups: readonly string[];
  #group: PolicyGroup;
  #policy: Policy;

  constructor(user: string, osGroups: readonly string[] = []) {
    this.#user = user;
    this.#osGroups = osGroups;
    const policy = embeddedPolicy();
    this.#group = resolveGroup(policy, user, osGroups);
    this.#policy = effectivePolicy(policy, this.#group);
  }

  /** The user's group. */
  get group(): PolicyGroup {
    return this.#group;
  }

  /** The policy with the group's overrides applied. */
  get policy(): Policy {
    return this.#policy;
  }

  /** Sets the user's OS groups (read once at start). */
  setOsGroups(osGroups: readonly string[]): void {
    this.#osGroups = osGroups;
  }

  /** Works the group and the effective policy out again for `policy`. */
  update(policy: Policy): void {
    this.#group = resolveGroup(policy, this.#user, this.#osGroups);
    this.#policy = effectivePolicy(policy, this.#group);
  }

  /** `alice belongs to Sales`, for the diagnostic log. */
  describe(): string {
    const monitored = this.#group.monitoring ? '' : ' (not monitored)';
    return `${this.#user} belongs to ${this.#group.name}${monitored}`;
  }
}
