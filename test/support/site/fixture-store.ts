/**
 * A local store of four releases for the site tests, built by the real release flow from
 * copies of the repository's seeds, with hostile text in one of them.
 */
import path from 'node:path';
import { cli } from '../cli.ts';
import { makeTempDir } from '../temp-dir.ts';
import { copySeeds, editSeed } from '../workspace.ts';

/** Seed text, a name and a deadline an attacker could write (in v1.1.0, 青岛 #2): they must show as text, never run. */
export const HOSTILE_TEXT = '开展“<script>alert(1)</script>”专项行动，"onload="alert(2)" 与 <b>加粗</b> & &amp; 均按原文显示。';
export const HOSTILE_NAME = '张<img src=x onerror=alert(3)>';
export const HOSTILE_DEADLINE = '12月底前"><svg onload=alert(4)>';

export interface FixtureStore {
  /** Temporary folder (removed after the test file) holding seeds/, releases/ and whatever a test writes. */
  readonly dir: string;
  readonly releases: string;
  readonly versions: readonly string[];
}

async function release(dir: string, epoch: number): Promise<void> {
  const run = await cli(dir, ['release', '--seeds', 'seeds', '--releases', 'releases', '--quiet'], { SOURCE_DATE_EPOCH: String(epoch) });
  if (run.code !== 0) throw new Error(`release failed: ${run.stderr}${run.stdout}`);
}

/**
 * The store, in releases/ of a temporary folder:
 * - v1.0.0: the seeds as they are;
 * - v1.0.1: 济南 #4 reworded (新增高新技术企业900家 → 1000家);
 * - v1.1.0: a commitment with hostile text inserted as 青岛 #2 (the rest renumbered);
 * - v2.0.0: 淄博 #7 withdrawn, 济南 #1 reassigned (王晓明 added), 济南's phone changed.
 */
export async function buildFixtureStore(): Promise<FixtureStore> {
  const dir = await makeTempDir();
  await copySeeds(dir);
  await release(dir, 1_700_000_000);

  await editSeed(dir, '2023/jinan.json', (s) => {
    const c = s.commitments.find((x) => x.seq === 4)!;
    if (!c.text.includes('新增高新技术企业900家')) throw new Error('fixture: 济南 #4 no longer says 900家');
    c.text = c.text.replace('新增高新技术企业900家', '新增高新技术企业1000家');
  });
  await release(dir, 1_700_086_400);

  await editSeed(dir, '2023/qingdao.json', (s) => {
    for (const c of s.commitments) if (c.seq >= 2) c.seq++;
    s.commitments.splice(1, 0, { seq: 2, text: HOSTILE_TEXT, deadline: HOSTILE_DEADLINE, responsible: [HOSTILE_NAME] });
  });
  await release(dir, 1_700_172_800);

  await editSeed(dir, '2023/zibo.json', (s) => {
    s.commitments = s.commitments.filter((c) => c.seq !== 7);
  });
  await editSeed(dir, '2023/jinan.json', (s) => {
    s.commitments.find((x) => x.seq === 1)!.responsible.push('王晓明');
    s.contact = { name: s.contact!.name, phone: '0531-5170799' };
  });
  await release(dir, 1_700_259_200);

  return { dir, releases: path.join(dir, 'releases'), versions: ['1.0.0', '1.0.1', '1.1.0', '2.0.0'] };
}
