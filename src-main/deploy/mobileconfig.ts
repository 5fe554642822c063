import { build, type PlistValue } from 'plist';

import type { Policy } from '../engine/policy/policy-schema.ts';
import { macManagedDomain } from '../engine/policy/sources/macos-managed-source.ts';
import { productName } from './setting-names.ts';
import { nameBasedUuid } from './stable-uuid.ts';

/**
 * The macOS side of managed policy: the bare property list of the `org.copywarden.client`
 * preference domain (keys mirror the JSON policy), and a configuration profile that installs it
 * for the whole device through a `com.apple.ManagedClient.preferences` payload. The profile also
 * carries a managed login item rule, so that users cannot switch the agent's launch agent off in
 * System Settings (macOS 13 and later, profiles installed by an MDM server).
 */

/** The namespace of the profile's name-based PayloadUUIDs; changing it makes every UUID new. */
const payloadUuidNamespace = 'd03fe0a8-c6ea-4a92-b436-6a6e9abb82e2';

/** The label of the launch agent the PKG installs (build/pkg-scripts/postinstall). */
export const launchAgentLabel = macManagedDomain;

/** The profile's identifier; MDM servers replace a profile with the same identifier. */
export const profileIdentifier = `${macManagedDomain}.profile`;

/** The property list of the preference domain, as /Library/Managed Preferences holds it. */
export function buildPreferencePlist(policy: Policy): string {
  return `${build(toPlistValue(policy))}\n`;
}

/** The configuration profile (.mobileconfig) that installs `policy` for the device. */
export function buildMobileconfig(policy: Policy): string {
  const preferences = payload('preferences', 'com.apple.ManagedClient.preferences', {
    PayloadDisplayName: `${productName} policy`,
    PayloadContent: {
      [macManagedDomain]: { Forced: [{ mcx_preference_settings: toPlistValue(policy) }] },
    },
  });
  const loginItems = payload('login-items', 'com.apple.servicemanagement', {
    PayloadDisplayName: `${productName} login item`,
    Rules: [
      {
        RuleType: 'Label',
        RuleValue: launchAgentLabel,
        Comment: `The ${productName} agent, started at login for every user`,
      },
    ],
  });

  const profile: PlistValue = {
    PayloadContent: [preferences, loginItems],
    PayloadDescription:
      `Sets the ${productName} policy for this device and keeps the ${productName} agent ` +
      'starting at login.',
    PayloadDisplayName: productName,
    PayloadIdentifier: profileIdentifier,
    PayloadRemovalDisallowed: true,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: nameBasedUuid(payloadUuidNamespace, profileIdentifier),
    PayloadVersion: 1,
  };
  return `${build(profile)}\n`;
}

function payload(
  suffix: string,
  type: string,
  content: Record<string, PlistValue>,
): Record<string, PlistValue> {
  const identifier = `${profileIdentifier}.${suffix}`;
  return {
    ...content,
    PayloadEnabled: true,
    PayloadIdentifier: identifier,
    PayloadType: type,
    PayloadUUID: nameBasedUuid(payloadUuidNamespace, identifier),
    PayloadVersion: 1,
  };
}

/** The policy as plist data: a JSON round trip drops absent optional settings. */
function toPlistValue(policy: Policy): PlistValue {
  return JSON.parse(JSON.stringify(policy)) as PlistValue;
}
