/**
 * Why each change happened: a release built from a git checkout records the commit it was
 * built from, the previous release's, and for each change the commits that touched its seed
 * file since — read from git, never guessed (a dirty tree lists none, and says so).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGitLog, pullRequestOf } from '../../pipeline/seeds/seed-history.ts';
import type { ChangesFile } from '../../pipeline/schemas/release.ts';
import { cli } from '../support/cli.ts';
import { git } from '../support/git.ts';
import { editSeed, makeWorkspace, readAssetJson } from '../support/workspace.ts';

/** When the seeds were imported: the first commit of the history the test reads. */
const IMPORTED = '2023-11-14T08:00:00+08:00';

describe('provenance from git', () => {
  let dir: string;
  let first: string;
  let edit: string;
  let changes: ChangesFile;

  beforeAll(async () => {
    dir = await makeWorkspace();
    await writeFile(path.join(dir, '.gitignore'), 'dist/\n');
    await git(dir, ['init', '-q', '-b', 'main']);
    await git(dir, ['add', '.']);
    await git(dir, ['commit', '-q', '-m', 'Import the 2023 article'], IMPORTED);
    first = await git(dir, ['rev-parse', 'HEAD']);
    expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);

    await editSeed(dir, '2023/jinan.json', (s) => {
      s.commitments[3]!.text = s.commitments[3]!.text.replace('900家', '1000家');
      s.commitments[3]!.basis = '济南市政府工作报告（2023年2月）';
    });
    await git(dir, ['commit', '-q', '-am', '济南市第4项：高新技术企业目标调整为1000家 (#12)'], '2023-11-20T09:30:00+08:00');
    edit = await git(dir, ['rev-parse', 'HEAD']);
    await editSeed(dir, '2023/qingdao.json', (s) => {
      s.contact = { name: '刘丽琴', phone: '0532-85911853' };
    });
    await git(dir, ['commit', '-q', '-am', 'Merge pull request #13 from someone/qingdao-contact'], '2023-11-21T09:30:00+08:00');
    const released = await cli(dir, ['release', '--quiet'], { SOURCE_DATE_EPOCH: undefined });
    expect(released.code, released.stderr).toBe(0);
    changes = await readAssetJson<ChangesFile>(dir, '1.0.1', 'changes.json');
  }, 60_000);

  it('records the commit the release was built from and the previous release’s', async () => {
    const head = await git(dir, ['rev-parse', 'HEAD']);
    expect(changes.source).toEqual({ commit: head, previousCommit: first, history: 'complete' });
    const initial = await readAssetJson<ChangesFile>(dir, '1.0.0', 'changes.json');
    expect(initial.source).toEqual({ commit: first, previousCommit: null, history: 'complete' });
    // A first release lists every commit that touched each seed file.
    expect(initial.changes.find((c) => c.scope === 'commitment')!.commits).toEqual([{ sha: first, subject: 'Import the 2023 article', date: '2023-11-14T08:00:00+08:00', pr: null }]);
  });

  it('lists for each change the commits that touched its seed file since, with the pull request from the subject', () => {
    const reworded = changes.changes.find((c) => c.scope === 'commitment' && c.id === '2023-370100-004')!;
    expect(reworded.commits).toEqual([{ sha: edit, subject: '济南市第4项：高新技术企业目标调整为1000家 (#12)', date: '2023-11-20T09:30:00+08:00', pr: 12 }]);
    const contact = changes.changes.find((c) => c.scope === 'city' && c.city === '青岛市')!;
    expect(contact.commits!.map((c) => [c.subject, c.pr])).toEqual([['Merge pull request #13 from someone/qingdao-contact', 13]]);
  });

  it('shows the commits and the basis in the changelog, and the release date is the seeds’ last commit', async () => {
    const changelog = (await cli(dir, ['diff', '--from', 'v1.0.0', '--to', 'v1.0.1', '--format', 'markdown'])).stdout;
    // The subject is escaped for Markdown (\#), the pull request named after it.
    expect(changelog).toContain(`  - 提交：\`${edit.slice(0, 12)}\` 济南市第4项：高新技术企业目标调整为1000家 (\\#12)（#12），2023-11-20`);
    expect(changelog).toContain('  - 依据：（无） → 济南市政府工作报告（2023年2月）');
    const released = await readAssetJson<{ created: string }>(dir, '1.0.1', 'datapackage.json');
    expect(released.created).toBe('2023-11-21T01:30:00Z');
  });

  it('lists no commits from a dirty tree, and says why', async () => {
    await editSeed(dir, '2023/zibo.json', (s) => {
      s.commitments[0]!.responsible = ['宋振波', '王磊'];
    });
    const preview = JSON.parse((await cli(dir, ['diff', '--format', 'json'])).stdout) as ChangesFile;
    expect(preview.source).toEqual({ commit: null, previousCommit: await git(dir, ['rev-parse', 'HEAD']), history: 'dirty' });
    expect(preview.changes.every((c) => c.commits!.length === 0)).toBe(true);
    expect((await cli(dir, ['diff', '--format', 'markdown'])).stdout).toContain('- 提交记录：种子文件有未提交的修改，未列出提交记录');
  });
});

describe('reading git log', () => {
  it('takes the pull request from a squash subject or a merge subject, and nothing else', () => {
    expect([pullRequestOf('Fix 青岛 contact (#123)'), pullRequestOf('Merge pull request #7 from a/b'), pullRequestOf('See #9 for why'), pullRequestOf('plain')]).toEqual([123, 7, null, null]);
  });

  it('groups commits by file, oldest first', () => {
    const log = `\x1eb\x1fsecond (#2)\x1f2023-02-01T00:00:00Z\n\nseeds/2023/jinan.json\n\x1ea\x1ffirst\x1f2023-01-01T00:00:00Z\n\nseeds/2023/jinan.json\nseeds/2023/zibo.json\n`;
    expect(Object.fromEntries(parseGitLog(log))).toEqual({
      'seeds/2023/jinan.json': [
        { sha: 'a', subject: 'first', date: '2023-01-01T00:00:00Z', pr: null },
        { sha: 'b', subject: 'second (#2)', date: '2023-02-01T00:00:00Z', pr: 2 },
      ],
      'seeds/2023/zibo.json': [{ sha: 'a', subject: 'first', date: '2023-01-01T00:00:00Z', pr: null }],
    });
  });
});
