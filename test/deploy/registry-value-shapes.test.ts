import { describe, expect, it } from 'vitest';

import { policyJsonSchema } from '../../src-main/engine/policy/policy-json-schema.ts';
import type { SchemaNode } from '../../src-main/engine/policy/sources/coerce-to-schema.ts';
import { expandRegistryValueShapes } from '../../src-main/engine/policy/sources/registry-value-shapes.ts';

const schema = policyJsonSchema() as SchemaNode;

/** The two registry shapes of the administrative template that the plain reader cannot undo. */
describe('expandRegistryValueShapes', () => {
  it('parses JSON text where the schema expects a list or an object', () => {
    const groups = [{ id: 'it', name: 'IT', overrides: { prompt: { requireText: true } } }];
    const document = { groups: JSON.stringify(groups), forwarding: { targets: '[]' } };

    const expanded = expandRegistryValueShapes(document, schema);

    expect(expanded).toEqual({ groups, forwarding: { targets: [] } });
  });

  it('turns an empty key into an empty list where the schema expects a list', () => {
    const document = { cloudSync: { approvedFolders: {} }, prompt: { reasons: {} } };

    const expanded = expandRegistryValueShapes(document, schema);

    expect(expanded).toEqual({ cloudSync: { approvedFolders: [] }, prompt: { reasons: [] } });
  });

  it('leaves text settings that look like JSON, and malformed JSON, as text', () => {
    const document = { defaultGroup: '["everyone"]', groups: '[{"id": ' };

    const expanded = expandRegistryValueShapes(document, schema);

    expect(expanded).toEqual(document);
  });

  it('leaves values the schema does not describe alone', () => {
    const document = { somethingNew: '{"a": 1}', version: 1 };

    expect(expandRegistryValueShapes(document, schema)).toEqual(document);
  });
});
