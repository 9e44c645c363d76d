import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect } from 'vitest';
import { runCli } from '../../pipeline/cli.ts';
import type { Seed } from '../../pipeline/schemas/seed.ts';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The raw 2023 article committed in the repo. */
export const ARTICLE = path.join(REPO, 'seeds', 'sources', '2023-dazhong-ribao.txt');

// Folders made inside a test go after that test; folders made in beforeAll go after the file.
const perTest: string[] = [];
const perFile: string[] = [];
afterEach(async () => {
  for (const dir of perTest.splice(0)) await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  for (const dir of perFile.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A temporary folder removed after the test, filled from an object of relative path → content. */
export async function makeTempDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'commitments-test-'));
  (expect.getState().currentTestName === undefined ? perFile : perTest).push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/** A temporary workspace holding a copy of the repository's real seeds/ (and nothing else). */
export async function makeWorkspace(): Promise<string> {
  const dir = await makeTempDir();
  await cp(path.join(REPO, 'seeds'), path.join(dir, 'seeds'), { recursive: true });
  return dir;
}

export async function readSeed(dir: string, rel: string): Promise<Seed> {
  return JSON.parse(await readFile(path.join(dir, 'seeds', rel), 'utf8')) as Seed;
}

/** Edits one seed file of a workspace through a function, writing it back canonically. */
export async function editSeed(dir: string, rel: string, edit: (seed: Seed) => void): Promise<void> {
  const seed = await readSeed(dir, rel);
  edit(seed);
  await writeFile(path.join(dir, 'seeds', rel), renderSeedFile(seed));
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process in `cwd`, with a fixed SOURCE_DATE_EPOCH unless `env` says otherwise. */
export async function cli(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    env: { SOURCE_DATE_EPOCH: '1700000000', ...env },
  });
  return { code, stdout, stderr };
}

/** Reads a JSON asset of a release in a workspace's local store. */
export async function readAssetJson<T = unknown>(dir: string, version: string, name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(dir, 'dist', 'releases', `v${version}`, name), 'utf8')) as T;
}
