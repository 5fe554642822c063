import type { PolicySource } from './policy-source.ts';
import { JsonFileSource } from './json-file-source.ts';
import { MacManagedPreferencesSource, macManagedPreferencePaths } from './macos-managed-source.ts';
import { WindowsRegistrySource } from './windows-registry-source.ts';

/** Where Linux configuration management puts managed policy. */
export const linuxManagedPolicyPath = '/etc/copywarden/policy.json';

/** What decides the policy sources of this machine. */
export interface PolicySourceSettings {
  platform: NodeJS.Platform;
  /** The user the agent runs for (macOS managed preferences can be per user). */
  user: string;
  /** A local policy file given to the agent; it applies only where no managed policy exists. */
  policyFile: string | null;
}

/** The policy sources of this platform, highest precedence first: managed, then the local file. */
export function createPolicySources(settings: PolicySourceSettings): PolicySource[] {
  const sources: PolicySource[] = [];

  // Managed policy, as device management delivers it on each platform
  switch (settings.platform) {
    case 'win32':
      sources.push(new WindowsRegistrySource());
      break;
    case 'darwin':
      sources.push(new MacManagedPreferencesSource(macManagedPreferencePaths(settings.user)));
      break;
    default:
      sources.push(
        new JsonFileSource({
          path: linuxManagedPolicyPath,
          origin: { kind: 'managed', location: linuxManagedPolicyPath },
          requireOwner: 0,
        }),
      );
  }

  // The local policy file
  if (settings.policyFile !== null) {
    sources.push(
      new JsonFileSource({
        path: settings.policyFile,
        origin: { kind: 'file', path: settings.policyFile },
      }),
    );
  }
  return sources;
}
