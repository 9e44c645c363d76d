/**
 * Where the secrets tests run commands: a sandbox folder per test file, and in it one
 * folder per run holding a workspace and the run's own temporary folder, both scanned for
 * the token afterwards. Also the inputs some commands need, and the environment of a
 * GitHub Actions pull-request job with the token in it.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InMemoryRelease } from '../../../pipeline/render/render-assets.ts';
import { HEAD_SHA } from '../fake-github/server.ts';
import { ARTICLE } from '../paths.ts';
import { renderFirstRelease } from '../releases.ts';
import { makeTempDir } from '../temp-dir.ts';
import { copySeeds, rewordJinan } from '../workspace.ts';
import type { TokenCase } from './tokens.ts';

export interface SecretsSandbox {
  /** Holds every run's folder; removed after the test file. */
  readonly root: string;
  /** The real temporary folder, where anything a run leaves despite TMPDIR is looked for. */
  readonly realTmp: string;
  /** v1.0.0 of the repository's seeds: published on every fake GitHub, and the release folders verify reads. */
  readonly firstRelease: InMemoryRelease;
}

/** Makes the sandbox (call in beforeAll). */
export async function makeSecretsSandbox(): Promise<SecretsSandbox> {
  return { root: await makeTempDir(), realTmp: tmpdir(), firstRelease: await renderFirstRelease() };
}

/** A run's folder: a workspace (the repo's seeds, Jinan reworded: a patch to release; a preview; a PR event) and a temporary folder beside it. */
export async function makeRunFolder(sandbox: SecretsSandbox): Promise<{ dir: string; tmp: string }> {
  const run = await mkdtemp(path.join(sandbox.root, 'run-'));
  const dir = path.join(run, 'ws');
  const tmp = path.join(run, 'tmp');
  await mkdir(dir, { recursive: true });
  await mkdir(tmp, { recursive: true });
  await rewordJinan(await copySeeds(dir));
  await writeFile(path.join(dir, 'preview.md'), '## Release preview\n\nv1.0.1 (patch)\n');
  await writeFile(path.join(dir, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, title: 'Reword Jinan' } }));
  await writeFile(path.join(dir, 'summary.md'), '');
  return { dir, tmp };
}

/** Adds the article (article.txt), and one with a row that cannot be read (bad-article.txt). */
export async function addArticles(dir: string): Promise<void> {
  const article = await readFile(ARTICLE, 'utf8');
  await writeFile(path.join(dir, 'article.txt'), article);
  await writeFile(path.join(dir, 'bad-article.txt'), article.replace(/^(单位\t序号.*)$/m, '$1\n济南市\t1\tonly three columns'));
}

/** Adds `release` as downloaded (release/<tag>), and a copy with a corrupted CSV (release-bad/<tag>). */
export async function addReleaseFolders(dir: string, release: InMemoryRelease): Promise<void> {
  for (const [folder, corrupt] of [
    ['release', false],
    ['release-bad', true],
  ] as const) {
    const at = path.join(dir, folder, release.tag);
    await mkdir(at, { recursive: true });
    for (const a of release.assets) {
      const bytes = corrupt && a.name === 'commitments.csv' ? Buffer.concat([Buffer.from(a.bytes), Buffer.from('x\r\n')]) : a.bytes;
      await writeFile(path.join(at, a.name), bytes);
    }
  }
}

/** Breaks the seeds: a syntax error and an unknown key. */
export async function breakSeeds(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'seeds', '2023', 'jinan.json'), '{\n  "year": 2023,\n  "city": "济南市",\n  "responsibel": ["x"],\n');
}

/** The whole environment of a pull-request job: the token in GITHUB_TOKEN and GH_TOKEN, GitHub at `apiUrl`, TMPDIR `tmp`. */
export function runEnv(token: TokenCase, apiUrl: string, dir: string, tmp: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    TMPDIR: tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: token.value,
    GH_TOKEN: token.value,
    GITHUB_REPOSITORY: 'shandong/commitments',
    GITHUB_REPOSITORY_OWNER: 'shandong',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: apiUrl,
    GITHUB_SHA: HEAD_SHA,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    RUNNER_TEMP: tmp,
    SOURCE_DATE_EPOCH: '1700000000',
  };
}
