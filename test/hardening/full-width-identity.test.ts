/**
 * What a hostile-input corpus must not confuse with hostility: the same text in full-width
 * and half-width forms is the same commitment (NFKC for matching; the characters as written
 * are what is published). The other such thing, a city with 10,000 commitments, is
 * large-city.slow.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace, readAssetJson, readSeed } from '../support/workspace.ts';

interface Changes {
  bump: string;
  summary: { added: number; removed: number; modified: number };
  changes: Array<{ type: string; id?: string; matchedBy?: string; fields?: Record<string, { before: unknown; after: unknown }> }>;
}

const toFullWidth = (s: string): string => s.replace(/[0-9%.,()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('full-width and half-width forms are the same text for identity', () => {
  it('a text retyped in full-width digits keeps its id (matched by text, NFKC) and is published as written', async () => {
    const dir = await makeWorkspace();
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const v1 = await readAssetJson<{ records: Array<{ id: string; text: string; targets: unknown[] }> }>(dir, '1.0.0', 'commitments.json');
    const original = (await readSeed(dir, '2023/jinan.json')).commitments.map((c) => c.text);
    // Every Jinan text with a digit, retyped in full-width forms (２０２３, ％, ．).
    const retyped = original.map((t) => (/\d/.test(t) ? toFullWidth(t) : t));
    expect(retyped.filter((t, i) => t !== original[i]).length).toBeGreaterThan(5);
    await editSeed(dir, '2023/jinan.json', (seed) => {
      seed.commitments.forEach((c, i) => (c.text = retyped[i]!));
    });

    const run = await cli(dir, ['release', '--quiet']);
    expect(run.code).toBe(0);
    const changes = await readAssetJson<Changes>(dir, '1.0.1', 'changes.json');
    expect(changes.bump).toBe('patch');
    const changed = retyped.flatMap((t, i) => (t !== original[i] ? [i] : []));
    expect(changes.summary).toEqual({ added: 0, removed: 0, modified: changed.length, renumbered: 0, weakened: 0 });
    for (const i of changed) {
      const id = v1.records[i]!.id;
      const change = changes.changes.find((c) => c.id === id)!;
      expect(change).toMatchObject({ type: 'modified', matchedBy: 'text' });
      // The targets are published as written (full-width spans), but promise the same: no effect.
      expect(Object.keys(change.fields!)).toEqual(v1.records[i]!.targets.length > 0 ? ['text', 'targets'] : ['text']);
      expect(change.fields!.text!.after).toBe(retyped[i]);
      expect(change).toMatchObject({ effects: [], weakened: false });
    }
    const v2 = await readAssetJson<{ records: Array<{ id: string; text: string }> }>(dir, '1.0.1', 'commitments.json');
    expect(v2.records.map((r) => r.id)).toEqual(v1.records.map((r) => r.id));
    expect(v2.records.slice(0, 20).map((r) => r.text)).toEqual(retyped);
  });
});
