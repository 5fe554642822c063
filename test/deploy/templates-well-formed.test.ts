import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { DOMParser, onWarningStopParsing, type Document, type Element } from '@xmldom/xmldom';
import { parse, type PlistValue } from 'plist';
import { describe, expect, it } from 'vitest';

import { admlFileName, admxFileName } from '../../src-main/deploy/admx.ts';
import { intuneAppName, settingOmaUri } from '../../src-main/deploy/intune-settings.ts';
import { readPolicySettings } from '../../src-main/deploy/policy-settings.ts';
import { policyName } from '../../src-main/deploy/setting-names.ts';
import { macManagedDomain } from '../../src-main/engine/policy/sources/macos-managed-source.ts';
import { canRun } from '../support/requirements.ts';
import { repositoryRoot, renderedTemplates } from './support/rendered-templates.ts';

const run = promisify(execFile);

const admxPath = `windows/${admxFileName}`;
const admlPath = `windows/en-US/${admlFileName}`;
const profilePath = `macos/${macManagedDomain}.mobileconfig`;
const plistPath = `macos/${macManagedDomain}.plist`;

/**
 * The XML templates parse with standard parsers, the ADMX and its ADML agree on every string and
 * presentation, and the configuration profile has the structure MDM servers expect.
 */
describe('the XML templates', () => {
  it('parse without a warning in a standard XML parser', async () => {
    const files = await renderedTemplates();

    for (const path of [admxPath, admlPath, profilePath, plistPath]) {
      expect(() => parseXml(files.get(path) ?? ''), path).not.toThrow();
    }
  });

  it.runIf(canRun({ tools: ['xmllint'] }))('pass xmllint, as committed', async () => {
    const paths = [admxPath, admlPath, profilePath, plistPath].map((path) =>
      join(repositoryRoot, 'deploy', path),
    );

    const { stderr } = await run('xmllint', ['--noout', ...paths]);

    expect(stderr).toBe('');
  });

  it('define in the ADML every string and presentation the ADMX refers to', async () => {
    const files = await renderedTemplates();
    const admx = files.get(admxPath) ?? '';
    const adml = parseXml(files.get(admlPath) ?? '');
    const strings = new Set(elements(adml, 'string').map((element) => element.getAttribute('id')));
    const presentations = new Set(
      elements(adml, 'presentation').map((element) => element.getAttribute('id')),
    );

    const stringReferences = [...admx.matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1]);
    const presentationReferences = [...admx.matchAll(/\$\(presentation\.([^)]+)\)/g)].map(
      (match) => match[1],
    );

    expect(stringReferences.length).toBeGreaterThan(50);
    expect(stringReferences.filter((id) => !strings.has(id ?? ''))).toEqual([]);
    expect(presentationReferences.filter((id) => !presentations.has(id ?? ''))).toEqual([]);
  });

  it('binds every presentation control to an element of its policy', async () => {
    const files = await renderedTemplates();
    const admx = parseXml(files.get(admxPath) ?? '');
    const adml = parseXml(files.get(admlPath) ?? '');
    const elementIds = new Map(
      elements(admx, 'policy').map((policy) => [
        policy.getAttribute('name'),
        elements(policy, 'elements').flatMap((holder) =>
          childElements(holder).map((child) => child.getAttribute('id')),
        ),
      ]),
    );

    const unbound = elements(adml, 'presentation').flatMap((presentation) =>
      childElements(presentation)
        .filter(
          (control) =>
            !(elementIds.get(presentation.getAttribute('id')) ?? []).includes(
              control.getAttribute('refId'),
            ),
        )
        .map(
          (control) =>
            `${presentation.getAttribute('id') ?? ''}/${control.getAttribute('refId') ?? ''}`,
        ),
    );

    expect(unbound).toEqual([]);
  });

  it('write only under the policy key, for the machine', async () => {
    const files = await renderedTemplates();
    const admx = parseXml(files.get(admxPath) ?? '');

    const keys = [...elements(admx, 'policy'), ...elements(admx, 'item'), ...elements(admx, 'list')]
      .map((element) => element.getAttribute('key'))
      .filter((key) => key !== null);
    const classes = new Set(elements(admx, 'policy').map((policy) => policy.getAttribute('class')));

    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !key.startsWith('SOFTWARE\\Policies\\Copywarden'))).toEqual([]);
    expect(classes).toEqual(new Set(['Machine']));
  });
});

describe('the Intune reference', () => {
  it('gives each setting the OMA-URI of its category path in the ADMX', async () => {
    const files = await renderedTemplates();
    const admx = parseXml(files.get(admxPath) ?? '');
    const parents = new Map(
      elements(admx, 'category').map((category) => [
        category.getAttribute('name'),
        elements(category, 'parentCategory')[0]?.getAttribute('ref') ?? null,
      ]),
    );

    const mismatches = readPolicySettings().settings.flatMap((setting) => {
      const policy = elements(admx, 'policy').find(
        (candidate) => candidate.getAttribute('name') === policyName(setting.path),
      );
      const chain = categoryChain(policy, parents);
      const expected = `./Device/Vendor/MSFT/Policy/Config/${intuneAppName}~Policy~${chain.join('~')}/${policyName(setting.path)}`;
      return settingOmaUri(setting.path) === expected ? [] : [setting.path.join('.')];
    });

    expect(readPolicySettings().settings.length).toBeGreaterThan(30);
    expect(mismatches).toEqual([]);
  });
});

describe('the configuration profile', () => {
  it('installs the preference domain for the device, with unique payload identities', async () => {
    const files = await renderedTemplates();
    const profile = parse(files.get(profilePath) ?? '') as Record<string, PlistValue>;
    const payloads = profile['PayloadContent'] as Record<string, PlistValue>[];

    const uuids = [profile, ...payloads].map((payload) => payload['PayloadUUID']);
    const identifiers = [profile, ...payloads].map((payload) => payload['PayloadIdentifier']);
    const preferences = payloads.find(
      (payload) => payload['PayloadType'] === 'com.apple.ManagedClient.preferences',
    );

    expect(profile).toMatchObject({
      PayloadType: 'Configuration',
      PayloadScope: 'System',
      PayloadVersion: 1,
    });
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const uuid of uuids) {
      expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    }
    expect(Object.keys(preferences?.['PayloadContent'] as object)).toEqual([macManagedDomain]);
  });

  it('keeps its payload UUIDs from one generation to the next', async () => {
    const first = parse((await renderedTemplates()).get(profilePath) ?? '') as Record<
      string,
      PlistValue
    >;
    const { renderTemplates } = await import('../../src-main/deploy/render-templates.ts');

    const second = parse((await renderTemplates(repositoryRoot)).get(profilePath) ?? '') as Record<
      string,
      PlistValue
    >;

    expect(second['PayloadUUID']).toBe(first['PayloadUUID']);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

/** The category names from the root down to the policy's own category. */
function categoryChain(
  policy: Element | undefined,
  parents: Map<string | null, string | null>,
): string[] {
  const chain: string[] = [];
  let category =
    policy === undefined
      ? null
      : (elements(policy, 'parentCategory')[0]?.getAttribute('ref') ?? null);
  while (category !== null) {
    chain.unshift(category);
    category = parents.get(category) ?? null;
  }
  return chain;
}

function parseXml(text: string): Document {
  return new DOMParser({ onError: onWarningStopParsing }).parseFromString(text, 'application/xml');
}

function elements(root: Document | Element, name: string): Element[] {
  const list = root.getElementsByTagName(name);
  const result: Element[] = [];
  for (let index = 0; index < list.length; index++) {
    const element = list.item(index);
    if (element !== null) {
      result.push(element);
    }
  }
  return result;
}

function childElements(parent: Element): Element[] {
  const result: Element[] = [];
  for (let index = 0; index < parent.childNodes.length; index++) {
    const node = parent.childNodes.item(index);
    if (node !== null && node.nodeType === node.ELEMENT_NODE) {
      result.push(node as Element);
    }
  }
  return result;
}
