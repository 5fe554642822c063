import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { PromptResolution } from '../../../src-main/engine/actions/prompt.ts';
import { PromptBroker } from '../../../src-main/engine/actions/prompt-broker.ts';
import { Quarantine } from '../../../src-main/engine/actions/quarantine.ts';
import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { embeddedPolicy } from '../../../src-main/engine/policy/default-policy.ts';
import type { PromptSettings } from '../../../src-main/engine/policy/policy-schema.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';

describe('PromptBroker', () => {
  const destination = { id: 'volume:/media/alice/STICK', label: 'STICK', kind: 'removable-volume' };
  let folder: TempDirectory;
  let quarantine: Quarantine;
  let settings: PromptSettings;
  let broker: PromptBroker;
  let resolutions: PromptResolution[];
  beforeEach(async () => {
    folder = await createTempDirectory();
    quarantine = new Quarantine(join(folder.path, 'q'), randomBytes(32), createMemoryLogger());
    await quarantine.recover();
    settings = { ...embeddedPolicy().prompt };
    broker = new PromptBroker({
      quarantine,
      settings: () => settings,
      logger: createMemoryLogger(),
    });
    resolutions = [];
    broker.onDidResolve((resolution) => resolutions.push(resolution));
  });
  afterEach(async () => {
    broker.dispose();
    await folder.dispose();
  });

  async function holdNew(name: string, contents = randomBytes(1000)) {
    const path = join(folder.path, name);
    await writeFile(path, contents);
    const held = await quarantine.hold(path, {
      destinationId: destination.id,
      reason: 'r',
      state: 'held',
    });
    if (!held.ok) {
      throw new Error(held.message);
    }
    const file = {
      quarantineId: held.value.id,
      path,
      name,
      sizeBytes: 1000,
      format: 'vhdx',
      category: 'disk-image',
      detection: 'Unauthorized Device Transfer' as const,
      risk: 'medium' as const,
    };
    return { file, contents };
  }

  it('puts one copy batch under one prompt', async () => {
    const now = Date.now();
    const first = await holdNew('a.vhdx');
    const second = await holdNew('b.vhdx');
    const later = await holdNew('c.vhdx');

    const firstId = broker.add(first.file, destination, now);
    const secondId = broker.add(second.file, destination, now + 1_000);
    const laterId = broker.add(later.file, destination, now + 60_000);

    expect(secondId).toBe(firstId);
    expect(laterId).not.toBe(firstId);
    expect(broker.pending().map((prompt) => prompt.files.length)).toEqual([2, 1]);
  });

  it('releases every file byte-identical on a justification', async () => {
    const first = await holdNew('a.vhdx');
    const second = await holdNew('b.vhdx');
    const id = broker.add(first.file, destination);
    broker.add(second.file, destination);

    const result = await broker.answer(id, {
      kind: 'justify',
      reason: settings.reasons[0] ?? '',
      text: 'ticket 42',
    });

    expect(result.ok && result.value.files.map((file) => file.outcome)).toEqual([
      'released',
      'released',
    ]);
    expect((await readFile(first.file.path)).equals(first.contents)).toBe(true);
    expect((await readFile(second.file.path)).equals(second.contents)).toBe(true);
    expect(broker.pending()).toEqual([]);
  });

  it('keeps the files quarantined on cancel', async () => {
    const held = await holdNew('a.vhdx');
    const id = broker.add(held.file, destination);

    await broker.answer(id, { kind: 'cancel' });

    await expect(stat(held.file.path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await quarantine.get(held.file.quarantineId))?.state).toBe('blocked');
  });

  it('refuses a reason the prompt did not offer, missing required text, and a second answer', async () => {
    settings = { ...settings, requireText: true };
    const held = await holdNew('a.vhdx');
    const id = broker.add(held.file, destination);

    const unknownReason = await broker.answer(id, {
      kind: 'justify',
      reason: 'because',
      text: 'x',
    });
    const noText = await broker.answer(id, {
      kind: 'justify',
      reason: settings.reasons[0] ?? '',
      text: '  ',
    });
    await broker.answer(id, { kind: 'cancel' });
    const again = await broker.answer(id, { kind: 'cancel' });

    expect(unknownReason.ok).toBe(false);
    expect(noText.ok).toBe(false);
    expect(again.ok).toBe(false);
  });

  it('applies the default outcome when nobody answers in time', async () => {
    settings = { ...settings, timeoutSeconds: 0.2, defaultOutcome: 'block' };
    const held = await holdNew('a.vhdx');

    broker.add(held.file, destination);
    await waitFor(() => resolutions.length === 1, 5_000, 'the timeout');

    expect(resolutions[0]).toMatchObject({
      answeredBy: 'timeout',
      files: [{ outcome: 'quarantined' }],
    });
  });

  it('reopens prompts for files a previous run held', async () => {
    const held = await holdNew('a.vhdx');

    broker.reopen(await quarantine.list());

    expect(broker.pending()).toMatchObject([
      { destination: { id: destination.id }, files: [{ path: held.file.path }] },
    ]);
  });
});
