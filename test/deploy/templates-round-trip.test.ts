import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { build, parse, type PlistValue } from 'plist';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildAdmx } from '../../src-main/deploy/admx.ts';
import { examplePolicy } from '../../src-main/deploy/example-policy.ts';
import { buildMobileconfig, buildPreferencePlist } from '../../src-main/deploy/mobileconfig.ts';
import { readPolicySettings } from '../../src-main/deploy/policy-settings.ts';
import { relativePolicyKey } from '../../src-main/deploy/setting-names.ts';
import { validatePolicyDocument } from '../../src-main/engine/policy/load-policy.ts';
import type { Policy } from '../../src-main/engine/policy/policy-schema.ts';
import { JsonFileSource } from '../../src-main/engine/policy/sources/json-file-source.ts';
import {
  MacManagedPreferencesSource,
  macManagedDomain,
} from '../../src-main/engine/policy/sources/macos-managed-source.ts';
import type { SourceReading } from '../../src-main/engine/policy/sources/policy-source.ts';
import {
  WindowsRegistrySource,
  windowsPolicyKey,
} from '../../src-main/engine/policy/sources/windows-registry-source.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';
import { readTemplatePolicies } from './support/admx-policies.ts';
import { configureFromDocument, groupPolicyWrites } from './support/group-policy-client.ts';
import { renderRegQuery } from './support/reg-query-text.ts';
import { roundTripPolicy } from './support/round-trip-policy.ts';

/**
 * Each template's format carries a policy to the engine's own reader and back unchanged: the
 * ADMX through what Group Policy writes and `reg query` prints, the property list and the
 * configuration profile through /Library/Managed Preferences, and policy.json through
 * /etc/copywarden with its ownership check.
 */
describe('the administrative template (ADMX)', () => {
  const admx = buildAdmx(readPolicySettings());

  it('round-trips a non-trivial policy through Group Policy and the registry reader', async () => {
    const policy = roundTripPolicy();

    const document = await readThroughRegistry(admx, policy);

    expect(document).toEqual(policy);
  });

  it('round-trips the default policy, configuring every setting the template offers', async () => {
    const policy = examplePolicy();
    const configured = configureFromDocument(
      readTemplatePolicies(admx),
      asRecord(policy),
      relativePolicyKey,
    );

    const document = await readThroughRegistry(admx, policy);

    expect(configured.size).toBe(
      readTemplatePolicies(admx).length - optionalSettingsAbsent(policy),
    );
    expect(document).toEqual(policy);
  });

  it('leaves settings that are not configured at their defaults', async () => {
    const sparse = {
      version: 1,
      prompt: { timeoutSeconds: 45 },
      cloudSync: { approvedFolders: [] },
    };
    const expected = validated(sparse);

    const document = await readThroughRegistry(admx, sparse);

    expect(document).toEqual(expected);
  });
});

describe('the macOS preference domain', () => {
  let folder: TempDirectory;
  beforeEach(async () => {
    folder = await createTempDirectory();
  });
  afterEach(() => folder.dispose());

  it('round-trips a non-trivial policy as a bare property list', async () => {
    const policy = roundTripPolicy();
    const path = join(folder.path, `${macManagedDomain}.plist`);
    await writeFile(path, buildPreferencePlist(policy));

    const reading = await new MacManagedPreferencesSource([path]).read();

    expect(validatedReading(reading)).toEqual(policy);
  });

  it('round-trips a non-trivial policy through the configuration profile', async () => {
    const policy = roundTripPolicy();
    const profile = parse(buildMobileconfig(policy)) as Record<string, PlistValue>;
    const settings = forcedPreferenceSettings(profile);
    const path = join(folder.path, `${macManagedDomain}.plist`);
    // What macOS installs into /Library/Managed Preferences from the payload
    await writeFile(path, build(settings));

    const reading = await new MacManagedPreferencesSource([path]).read();

    expect(validatedReading(reading)).toEqual(policy);
  });
});

describe.runIf(canRun({ root: true }))('the Linux policy file', () => {
  let folder: TempDirectory;
  beforeEach(async () => {
    folder = await createTempDirectory();
  });
  afterEach(() => folder.dispose());

  it('round-trips a non-trivial policy through a root-owned /etc/copywarden/policy.json', async () => {
    const policy = roundTripPolicy();
    const policyFolder = join(folder.path, 'etc', 'copywarden');
    const path = join(policyFolder, 'policy.json');
    await mkdir(policyFolder, { recursive: true, mode: 0o755 });
    await chmod(policyFolder, 0o755);
    await writeFile(path, JSON.stringify(policy, null, 2), { mode: 0o644 });

    const source = new JsonFileSource({
      path,
      origin: { kind: 'managed', location: path },
      requireOwner: 0,
    });
    const reading = await source.read();

    expect(validatedReading(reading)).toEqual(policy);
  });
});

/** Configures the template from `document`, renders the registry and reads it as the engine does. */
async function readThroughRegistry(admx: string, document: object): Promise<Policy | null> {
  const policies = readTemplatePolicies(admx);
  const writes = groupPolicyWrites(
    configureFromDocument(policies, asRecord(document), relativePolicyKey),
  );
  const output = renderRegQuery(writes, relativePolicyKey);
  const source = new WindowsRegistrySource((key) =>
    Promise.resolve(key.toLowerCase() === windowsPolicyKey.toLowerCase() ? output : null),
  );
  return validatedReading(await source.read());
}

function validatedReading(reading: SourceReading): Policy | null {
  if (reading.kind !== 'document') {
    throw new Error(`expected a document, got ${JSON.stringify(reading)}`);
  }
  const result = validatePolicyDocument(reading.document);
  if (!result.ok) {
    throw new Error(`the policy read back is invalid: ${JSON.stringify(result.errors)}`);
  }
  return result.policy;
}

function validated(document: unknown): Policy {
  const result = validatePolicyDocument(document);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.policy;
}

/** The mcx_preference_settings of the profile's managed-preferences payload. */
function forcedPreferenceSettings(profile: Record<string, PlistValue>): PlistValue {
  const payloads = profile['PayloadContent'] as Record<string, PlistValue>[];
  const preferences = payloads.find(
    (payload) => payload['PayloadType'] === 'com.apple.ManagedClient.preferences',
  );
  const domains = preferences?.['PayloadContent'] as Record<
    string,
    { Forced: { mcx_preference_settings: PlistValue }[] }
  >;
  const settings = domains[macManagedDomain]?.Forced[0]?.mcx_preference_settings;
  if (settings === undefined) {
    throw new Error('the profile has no forced settings for the domain');
  }
  return settings;
}

/** Optional settings without a default (such as `removableVolumes.mountRoots`) absent from `policy`. */
function optionalSettingsAbsent(policy: Policy): number {
  return readPolicySettings().settings.filter((setting) => {
    let current: unknown = policy;
    for (const segment of setting.path) {
      current = (current as Record<string, unknown> | undefined)?.[segment];
    }
    return current === undefined;
  }).length;
}

function asRecord(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}
