/**
 * Five releases made the way maintainers make them: seeds committed to git with messages,
 * each release built by the real release flow from a clean tree (so changes.json names the
 * commits behind each change), the last from an uncommitted edit (so it lists none, and says
 * why). What an auditor reads on the site is checked against this history.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../cli.ts';
import { git } from '../git.ts';
import { makeTempDir } from '../temp-dir.ts';
import { copySeeds, editSeed } from '../workspace.ts';

/** A commitment inserted as 青岛 #2: two characters outside the BMP before its target (code points ≠ UTF-16 units). */
export const ASTRAL_TEXT = '新建𠀀𠀁小区公共停车位3000个以上，打造“口袋公园”示范片区。';
/** The article the seeds cite (source.url, source.date). */
export const SOURCE_URL = 'https://example.org/dzrb/2023-02-10/commitments.html';
export const SOURCE_DATE = '2023-02-10';
/** The document 济南 #4's change rests on. */
export const BASIS = '济南市政府工作报告（2023年2月）';

/** The subject of the commit behind each step. */
export const SUBJECTS = {
  import: 'Import the 2023 article (#1)',
  reword: '济南市第4项：高新技术企业目标调整为1000家 (#12)',
  weaken: '济南市第2项：地区生产总值增长目标调整为5%左右',
  insert: '青岛市新增第2项：公共停车位 (#13)',
  withdraw: 'Merge pull request #14 from maintainer/zibo-7',
} as const;

export interface HistoryStore {
  /** Temporary folder (removed after the test file): a git repository with seeds/, and releases/ beside them. */
  readonly dir: string;
  readonly releases: string;
  readonly versions: readonly string[];
  /** The commit behind each step, by SUBJECTS key. */
  readonly commits: Readonly<Record<keyof typeof SUBJECTS, string>>;
}

async function release(dir: string, epoch: number): Promise<void> {
  const run = await cli(dir, ['release', '--seeds', 'seeds', '--releases', 'releases', '--quiet'], { SOURCE_DATE_EPOCH: String(epoch) });
  if (run.code !== 0) throw new Error(`release failed: ${run.stderr}${run.stdout}`);
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`history store: the seed no longer says ${from}`);
  return text.replace(from, to);
}

/**
 * - v1.0.0: the seeds, the articles cited with URL and date (commit `import`);
 * - v1.0.1: 济南 #4 reworded 900家 → 1000家 with a basis (`reword`), 济南 #2 weakened
 *   5.5%以上 → 5%左右 (`weaken`);
 * - v1.1.0: 青岛 #2 inserted (ASTRAL_TEXT; 17 renumbered) (`insert`);
 * - v2.0.0: 淄博 #7 withdrawn, 济南 #1's 于海田 replaced by 王晓明 (`withdraw`);
 * - v2.0.1: 淄博 #2's deadline postponed, released from an uncommitted edit (history dirty).
 */
export async function buildHistoryStore(): Promise<HistoryStore> {
  const dir = await makeTempDir();
  await copySeeds(dir);
  await writeFile(path.join(dir, '.gitignore'), 'releases/\nreleases-*/\nsite*/\n');
  for (const file of ['2023/jinan.json', '2023/qingdao.json', '2023/zibo.json']) {
    await editSeed(dir, file, (s) => {
      s.source = { ...s.source, url: SOURCE_URL, date: SOURCE_DATE };
    });
  }
  await git(dir, ['init', '-q', '-b', 'main']);
  const commit = async (subject: string, date: string): Promise<string> => {
    await git(dir, ['add', '-A'], date);
    await git(dir, ['commit', '-q', '-m', subject], date);
    return git(dir, ['rev-parse', 'HEAD'], date);
  };
  const imported = await commit(SUBJECTS.import, '2023-02-10T08:00:00+08:00');
  await release(dir, 1_700_000_000);

  await editSeed(dir, '2023/jinan.json', (s) => {
    const c = s.commitments.find((x) => x.seq === 4)!;
    c.text = replaceOnce(c.text, '新增高新技术企业900家', '新增高新技术企业1000家');
    c.basis = BASIS;
  });
  const reword = await commit(SUBJECTS.reword, '2023-11-20T09:30:00+08:00');
  await editSeed(dir, '2023/jinan.json', (s) => {
    const c = s.commitments.find((x) => x.seq === 2)!;
    c.text = replaceOnce(c.text, '全市地区生产总值增长5.5%以上', '全市地区生产总值增长5%左右');
  });
  const weaken = await commit(SUBJECTS.weaken, '2023-11-20T10:00:00+08:00');
  await release(dir, 1_700_086_400);

  await editSeed(dir, '2023/qingdao.json', (s) => {
    for (const c of s.commitments) if (c.seq >= 2) c.seq++;
    s.commitments.splice(1, 0, { seq: 2, text: ASTRAL_TEXT, deadline: '12月底前', responsible: ['赵豪志'] });
  });
  const insert = await commit(SUBJECTS.insert, '2023-11-21T09:30:00+08:00');
  await release(dir, 1_700_172_800);

  await editSeed(dir, '2023/zibo.json', (s) => {
    s.commitments = s.commitments.filter((c) => c.seq !== 7);
  });
  await editSeed(dir, '2023/jinan.json', (s) => {
    const c = s.commitments.find((x) => x.seq === 1)!;
    c.responsible = c.responsible.map((n) => (n === '于海田' ? '王晓明' : n));
  });
  const withdraw = await commit(SUBJECTS.withdraw, '2023-11-22T09:30:00+08:00');
  await release(dir, 1_700_259_200);

  // Released without committing: the release cannot say which commits it rests on.
  await editSeed(dir, '2023/zibo.json', (s) => {
    s.commitments.find((x) => x.seq === 2)!.deadline = '2024年6月底前完成年度目标任务';
  });
  await release(dir, 1_700_345_600);

  return {
    dir,
    releases: path.join(dir, 'releases'),
    versions: ['1.0.0', '1.0.1', '1.1.0', '2.0.0', '2.0.1'],
    commits: { import: imported, reword, weaken, insert, withdraw },
  };
}
