import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { commitFolder, git } from '../support/git.ts';
import { ARTICLE, REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { editSeed, makeWorkspace, readSeed } from '../support/workspace.ts';

const SLUGS = ['jinan', 'qingdao', 'zibo'];

describe('import', () => {
  it('turns the 2023 article into exactly the committed seed files', async () => {
    const dir = await makeTempDir({ 'seeds/.keep': '' });
    const run = await cli(dir, ['import', ARTICLE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/created\s+seeds\/2023\/jinan\.json\s+济南市 20 commitments/);
    expect(run.stdout).toMatch(/created\s+seeds\/2023\/zibo\.json\s+淄博市 7 commitments \(incomplete\)/);
    for (const slug of SLUGS) {
      const written = await readFile(path.join(dir, 'seeds', '2023', `${slug}.json`), 'utf8');
      expect(written).toBe(await readFile(path.join(REPO, 'seeds', '2023', `${slug}.json`), 'utf8'));
    }
    const zibo = await readSeed(dir, '2023/zibo.json');
    expect([zibo.complete, zibo.contact, zibo.commitments.length]).toEqual([false, null, 7]);
  });

  it('re-importing leaves git status clean', async () => {
    const dir = await makeWorkspace();
    await commitFolder(dir);
    for (let i = 0; i < 2; i++) {
      const run = await cli(dir, ['import', 'seeds/sources/2023-dazhong-ribao.txt']);
      expect(run.code).toBe(0);
      expect(run.stdout.match(/^unchanged/gm)).toHaveLength(3);
    }
    expect(await git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('takes the year from --year over the title', async () => {
    const dir = await makeTempDir({ 'seeds/.keep': '' });
    expect((await cli(dir, ['import', ARTICLE, '--year', '2024'])).code).toBe(0);
    expect((await readSeed(dir, '2024/jinan.json')).year).toBe(2024);
    expect((await cli(dir, ['import', ARTICLE, '--year', '24'])).code).toBe(2);
  });

  it('updates existing files in place without disturbing explicit ids, even after renumbering', async () => {
    const dir = await makeWorkspace();
    await editSeed(dir, '2023/jinan.json', (seed) => {
      seed.commitments[2]!.id = 'keep-me-3';
      seed.commitments[4]!.id = 'keep-me-5';
      seed.commitments[4]!.text = '一段已被维护者改写的文字。';
      seed.commitments[0]!.deadline = '被改动的完成时间';
    });
    const run = await cli(dir, ['import', 'seeds/sources/2023-dazhong-ribao.txt']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/updated\s+seeds\/2023\/jinan\.json/);
    const seed = await readSeed(dir, '2023/jinan.json');
    expect(seed.commitments[2]!.id).toBe('keep-me-3'); // same text
    expect(seed.commitments[4]!.id).toBe('keep-me-5'); // same seq
    expect(seed.commitments[0]!.deadline).toBe('长期坚持'); // the article wins for content
    expect(seed.commitments.filter((c) => c.id !== undefined)).toHaveLength(2);
  });

  it('keeps a file that the cut-off article would shrink, unless --force', async () => {
    const dir = await makeWorkspace();
    await editSeed(dir, '2023/zibo.json', (seed) => {
      seed.commitments.push({ seq: 8, text: '维护者补全的第八项。', deadline: '12月底前', responsible: ['宋振波'] });
    });
    const before = await readFile(path.join(dir, 'seeds/2023/zibo.json'), 'utf8');
    const kept = await cli(dir, ['import', 'seeds/sources/2023-dazhong-ribao.txt']);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/kept\s+seeds\/2023\/zibo\.json .*8 commitments, the cut-off article only 7; use --force/);
    expect(await readFile(path.join(dir, 'seeds/2023/zibo.json'), 'utf8')).toBe(before);
    const forced = await cli(dir, ['import', 'seeds/sources/2023-dazhong-ribao.txt', '--force']);
    expect(forced.stdout).toMatch(/updated\s+seeds\/2023\/zibo\.json/);
    expect((await readSeed(dir, '2023/zibo.json')).commitments).toHaveLength(7);
  });

  it('writes nothing when any line cannot be read, and names the lines', async () => {
    const dir = await makeTempDir({ 'seeds/.keep': '' });
    const article = (await readFile(ARTICLE, 'utf8')).split('\n');
    article[14] = article[14]!.replace(/\t4\t/, '\t四\t');
    article[39] = '这是一行无法识别的文字';
    await writeFile(path.join(dir, 'article.txt'), article.join('\n'));
    const run = await cli(dir, ['import', 'article.txt']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^article\.txt:15:1 error row of 济南市 lacks 序号 \(found "四"\) \(E_IMPORT\)$/m);
    expect(run.stdout).toMatch(/^article\.txt:40:1 error expected 5 tab-separated columns/m);
    expect(run.stdout).toMatch(/nothing written: 2 line\(s\)/);
    expect(execFileSync('find', [path.join(dir, 'seeds'), '-name', '*.json'], { encoding: 'utf8' })).toBe('');
  });

  it('reports a missing article clearly', async () => {
    const dir = await makeTempDir({ 'seeds/.keep': '' });
    const run = await cli(dir, ['import', 'nope.txt']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/E_INPUT: article not found/);
  });
});
