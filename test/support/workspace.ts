/**
 * Workspaces: temporary folders holding a copy of the repository's real seeds, edited the
 * way a maintainer would, and the releases the CLI writes into them (dist/releases).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Seed } from '../../pipeline/schemas/seed.ts';
import { renderSeedFile } from '../../pipeline/seeds/canonical.ts';
import { SEEDS } from './paths.ts';
import { makeTempDir } from './temp-dir.ts';

/** Copies the repository's seeds into `dir`/seeds; returns that folder. */
export async function copySeeds(dir: string): Promise<string> {
  const seeds = path.join(dir, 'seeds');
  await cp(SEEDS, seeds, { recursive: true });
  return seeds;
}

/** A temporary workspace (removed after the test) holding a copy of the real seeds/ and nothing else. */
export async function makeWorkspace(): Promise<string> {
  const dir = await makeTempDir();
  await copySeeds(dir);
  return dir;
}

/** Reads one seed file of a workspace (`rel` under seeds/, e.g. 2023/jinan.json). */
export async function readSeed(dir: string, rel: string): Promise<Seed> {
  return readSeedFile(path.join(dir, 'seeds', rel));
}

/** Edits one seed file of a workspace through a function, writing it back canonically. */
export async function editSeed(dir: string, rel: string, edit: (seed: Seed) => void): Promise<void> {
  await editSeedFile(path.join(dir, 'seeds', rel), edit);
}

/** Rewords the first commitment of Jinan in a seeds folder: the seeds then make a patch release. */
export async function rewordJinan(seedsDir: string, suffix = '（修订）'): Promise<void> {
  await editSeedFile(path.join(seedsDir, '2023', 'jinan.json'), (seed) => {
    const first = seed.commitments[0]!;
    seed.commitments[0] = { ...first, text: `${first.text}${suffix}` };
  });
}

async function readSeedFile(file: string): Promise<Seed> {
  return JSON.parse(await readFile(file, 'utf8')) as Seed; // seeds this repo ships or a test wrote
}

async function editSeedFile(file: string, edit: (seed: Seed) => void): Promise<void> {
  const seed = await readSeedFile(file);
  edit(seed);
  await writeFile(file, renderSeedFile(seed));
}

/** Reads a JSON asset of a release in a workspace's local store (dist/releases). */
export async function readAssetJson<T = unknown>(dir: string, version: string, name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(dir, 'dist', 'releases', `v${version}`, name), 'utf8')) as T;
}
