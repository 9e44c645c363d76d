/**
 * What a hostile-input corpus must not confuse with hostility: a city with 10,000
 * commitments is simply large — it validates, releases, and carries its ids through edits.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clausesOf, deadlinePhrase, makeText, personName, Rng } from '../../bench/text.ts';
import type { Seed } from '../../pipeline/schemas/seed.ts';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';
import { cli } from '../support/cli.ts';
import { editSeed, makeWorkspace, readAssetJson, readSeed } from '../support/workspace.ts';

interface Changes {
  bump: string;
  summary: { added: number; removed: number; modified: number };
  changes: Array<{ type: string; id?: string; matchedBy?: string; fields?: Record<string, { before: unknown; after: unknown }> }>;
}

/** A realistic city of `n` commitments (the benchmark's text generator, fixed seed). */
async function bigCity(dir: string, n: number): Promise<Seed> {
  const real = (await readSeed(dir, '2023/jinan.json')).commitments.map((c) => c.text);
  const rng = new Rng(20261127);
  const clauses = clausesOf(real);
  const seen = new Set<string>();
  const roster = Array.from({ length: 40 }, () => personName(rng));
  const seed = await readSeed(dir, '2023/jinan.json');
  seed.commitments = Array.from({ length: n }, (_, k) => {
    let text = makeText(rng, clauses);
    while (seen.has(text)) text = makeText(rng, clauses);
    seen.add(text);
    return { seq: k + 1, text, deadline: deadlinePhrase(rng), responsible: [rng.pick(roster), rng.pick(roster)].filter((v, i, a) => a.indexOf(v) === i) };
  });
  return seed;
}

describe('a city with 10,000 commitments is not hostile', () => {
  it('validates, releases, and carries its ids through edits, insertions and a deletion', async () => {
    const dir = await makeWorkspace();
    const file = path.join(dir, 'seeds', '2023', 'jinan.json');
    const seed = await bigCity(dir, 10_000);
    await writeFile(file, renderSeedFile(seed));
    expect((await readFile(file)).length).toBeGreaterThan(3_000_000);

    const validate = await cli(dir, ['validate', '--format', 'json']);
    expect(validate.code).toBe(0);
    expect((JSON.parse(validate.stdout) as { errors: number }).errors).toBe(0);
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const v1 = await readAssetJson<{ records: Array<{ id: string; city: string; seq: number; text: string }> }>(dir, '1.0.0', 'commitments.json');
    expect(v1.records.filter((r) => r.city === '济南市')).toHaveLength(10_000);

    // 100 texts edited by a phrase, 10 inserted at the front (renumbering all), 1 deleted.
    await editSeed(dir, '2023/jinan.json', (s) => {
      for (let k = 0; k < 100; k++) s.commitments[k * 97]!.text += '，确保按期完成';
      s.commitments.splice(5000, 1);
      s.commitments.unshift(...Array.from({ length: 10 }, (_, k) => ({ seq: 0, text: `新增承诺事项第${k + 1}项：建成智慧城市运营指挥中心并投入使用，覆盖全部街道`, deadline: '12月底前', responsible: ['刘强'] })));
      s.commitments.forEach((c, i) => (c.seq = i + 1));
    });
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
    const changes = await readAssetJson<Changes>(dir, '2.0.0', 'changes.json');
    expect(changes.summary.added).toBe(10);
    expect(changes.summary.removed).toBe(1);
    const modified = changes.changes.filter((c) => c.type === 'modified' && c.id?.startsWith('2023-370100-'));
    expect(modified).toHaveLength(9_999);
    expect(modified.filter((c) => c.fields!.text !== undefined)).toHaveLength(100);
    const v2 = await readAssetJson<{ records: Array<{ id: string; text: string }> }>(dir, '2.0.0', 'commitments.json');
    const before = new Map(v1.records.map((r) => [r.id, r.text]));
    const kept = v2.records.filter((r) => before.has(r.id));
    expect(kept).toHaveLength(v1.records.length - 1);
    for (const r of kept) expect(r.text.startsWith(before.get(r.id)!)).toBe(true);
  }, 120_000);
});
