import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.ts';
import { z } from 'zod';
import { sha256Hex } from '../release-format/checksums.ts';
import { parseLineJsonHead } from '../release-format/line-json.ts';
import { ASSET } from '../release-format/names.ts';
import { readSums } from '../release-format/read-release.ts';
import type { ReleaseFiles } from '../release-format/release-files.ts';
import { compareVersions, versionOfTag } from '../release-format/versions.ts';
import { ChangesFileSchema } from '../schemas/release.ts';
import type { PublishResult, ReleaseStore } from './store.ts';
import { renderCumulativeChangelog, renderStoreIndex, type IndexedRelease } from './store-index.ts';
import { isProcessAlive } from '../process-alive.ts';
import { lockStore } from './store-lock.ts';
import { readBytes } from '../read-bytes.ts';

const TEMP_PREFIX = '.tmp-';
/** The lock file of a store folder (a dotfile: never taken for a release). */
export const LOCK_FILE = '.lock';

export interface LocalStoreOptions {
  /** How long a run waits for another run's lock (default 120 s). */
  readonly lockWaitMs?: number;
  /** Told when the run has to wait for another one. */
  readonly onWait?: (message: string) => void;
}


async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** The first `limit` bytes of a file. */
async function readStart(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return new Uint8Array(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Size and sha256 of a file, streamed. */
async function fileDigest(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Writes a file through a temporary name and a rename, so readers never see half of it. */
async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

/**
 * Releases in a local folder (default dist/releases/): one folder per version, written
 * under a temporary name and renamed into place, so a crash never leaves half a
 * release; plus index.json and a cumulative CHANGELOG.md at the root.
 */
export class LocalStore implements ReleaseStore {
  readonly description: string;

  constructor(
    readonly root: string,
    private readonly displayRoot: string = root,
    private readonly options: LocalStoreOptions = {},
  ) {
    this.description = `local store ${displayRoot}`;
  }

  async listVersions(): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.root, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const versions: string[] = [];
    for (const e of entries) {
      const version = versionOfTag(e.name);
      if (version !== null && e.isDirectory() && (await exists(path.join(this.root, e.name, ASSET.sums)))) versions.push(version);
    }
    return versions.sort(compareVersions);
  }

  async readAsset(version: string, name: string): Promise<Uint8Array> {
    return readBytes(await this.assetFile(version, name));
  }

  /** An asset as a stream (a large commitments.json is then read line by line). */
  async openAsset(version: string, name: string): Promise<Readable> {
    return createReadStream(await this.assetFile(version, name));
  }

  /** The path of an asset's file; E_NOT_FOUND when it is missing, as in readAsset. */
  private async assetFile(version: string, name: string): Promise<string> {
    const file = this.assetPath(version, name);
    try {
      await stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new PipelineError('E_NOT_FOUND', `v${version}/${name} not found in ${this.description}`);
      throw err;
    }
    return file;
  }

  private assetPath(version: string, name: string): string {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new PipelineError('E_NOT_FOUND', `invalid asset name ${name}`);
    return path.join(this.root, `v${version}`, name);
  }

  private async compareWithPublished(release: ReleaseFiles): Promise<string[]> {
    const differing: string[] = [];
    for (const asset of release.assets) {
      const file = path.join(this.root, release.tag, asset.name);
      const same = await fileDigest(file).then(
        (d) => d.size === asset.size && d.sha256 === asset.sha256,
        () => false,
      );
      if (!same) differing.push(asset.name);
    }
    return differing;
  }

  private async checkExisting(release: ReleaseFiles, target: string): Promise<PublishResult | null> {
    if (!(await exists(target))) return null;
    const differing = await this.compareWithPublished(release);
    if (differing.length === 0) return { status: 'unchanged', location: `${this.displayRoot}/${release.tag}` };
    throw new PipelineError(
      'E_PUBLISH_CONFLICT',
      `v${release.version} is already published in ${this.description} with different content; refusing to change it`,
      [`differs: ${differing.join(', ')}`, 'a published version never changes: the next release gets a new version'],
    );
  }

  /** Removes temporary folders and files left by crashed runs (never those of a running process). */
  private async removeStaleTemps(): Promise<void> {
    for (const name of await readdir(this.root)) {
      // `.tmp-v<version>-<pid>-<id>` folders and `<root file>.<pid>.<uuid>.tmp` files (writeAtomic).
      const pid = (/^\.tmp-.*-(\d+)-[^-]+$/.exec(name) ?? /^(?:index\.json|CHANGELOG\.md)\.(\d+)\.[0-9a-f-]+\.tmp$/.exec(name))?.[1];
      if (pid !== undefined && !isProcessAlive(Number(pid))) await rm(path.join(this.root, name), { recursive: true, force: true });
    }
  }

  /** Holds the store's lock while `work` runs: one publishing run at a time per folder. */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.root, { recursive: true });
    const unlock = await lockStore(path.join(this.root, LOCK_FILE), {
      waitMs: this.options.lockWaitMs,
      onWait: (who) => this.options.onWait?.(`waiting for ${who} to finish with ${this.description}`),
    });
    try {
      return await work();
    } finally {
      await unlock();
    }
  }

  /**
   * Publishes under the store's lock: the same bytes already there are 'unchanged',
   * other bytes are refused; otherwise the release must follow the store's latest
   * version (another run may have published while this one was planning), and is
   * written to a temporary folder and renamed into place.
   */
  async publish(release: ReleaseFiles): Promise<PublishResult> {
    return this.locked(async () => {
      const target = path.join(this.root, release.tag);
      const existing = await this.checkExisting(release, target);
      if (existing) return existing;
      const versions = await this.listVersions();
      const latest = versions[versions.length - 1] ?? null;
      if (latest !== release.from) {
        throw new PipelineError(
          'E_STORE_MOVED',
          `${this.description} is now at v${latest ?? '(none)'}, but this run planned v${release.version} from ${release.from ? `v${release.from}` : 'an empty store'}; nothing was published`,
          ['another run published meanwhile: run the release again to build on the new latest version'],
        );
      }
      await this.removeStaleTemps();
      const temp = path.join(this.root, `${TEMP_PREFIX}${release.tag}-${process.pid}-${randomUUID().slice(0, 8)}`);
      await mkdir(temp);
      try {
        for (const asset of release.assets) await pipeline(asset.stream(), createWriteStream(path.join(temp, asset.name)));
        await rename(temp, target);
      } finally {
        await rm(temp, { recursive: true, force: true });
      }
      await this.writeRootFiles();
      return { status: 'published', location: `${this.displayRoot}/${release.tag}` };
    });
  }

  /**
   * Brings the root files up to date after a run that was killed between publishing a
   * release and rewriting index.json, and clears a crashed run's leftovers. Cheap when
   * nothing is amiss: it compares the versions index.json lists with the folders.
   */
  async reconcile(): Promise<void> {
    if (!(await exists(this.root))) return;
    await this.locked(async () => {
      await this.removeStaleTemps();
      const versions = await this.listVersions();
      let listed: string[] | null = null;
      try {
        const index = JSON.parse(await readFile(path.join(this.root, 'index.json'), 'utf8')) as { releases?: Array<{ version?: unknown }> };
        listed = (index.releases ?? []).map((r) => String(r.version)).reverse();
      } catch {
        listed = null;
      }
      const changelogThere = await exists(path.join(this.root, 'CHANGELOG.md'));
      if (versions.length > 0 && (!changelogThere || listed === null || listed.join(' ') !== versions.join(' '))) await this.writeRootFiles();
    });
  }

  /** Rewrites index.json and the cumulative CHANGELOG.md from the releases on disk. */
  async writeRootFiles(): Promise<void> {
    const releases: IndexedRelease[] = [];
    for (const version of await this.listVersions()) {
      const dir = path.join(this.root, `v${version}`);
      const sums = await readSums(this, version);
      const text = async (name: string): Promise<string> => Buffer.from(await this.readAsset(version, name)).toString('utf8');
      // Only the head of changes.json: a first release's list of changes can be huge.
      const head = ChangesHeadSchema.safeParse(parseLineJsonHead(await readStart(path.join(dir, ASSET.changesJson), 1 << 16)));
      const pkg = CreatedSchema.safeParse(JSON.parse(await text(ASSET.datapackage)));
      if (!head.success) throw new PipelineError('E_STORE_CORRUPT', `v${version}/${ASSET.changesJson} is malformed (${this.description})`);
      const assets = [];
      for (const name of [...sums.keys(), ASSET.sums].sort()) {
        const sha256 = name === ASSET.sums ? sha256Hex(await this.readAsset(version, name)) : sums.get(name)!;
        assets.push({ name, bytes: (await stat(path.join(dir, name))).size, sha256 });
      }
      releases.push({
        version,
        from: head.data.from,
        bump: head.data.bump,
        summary: head.data.summary,
        changelog: await text(ASSET.changelog),
        created: pkg.success ? pkg.data.created ?? null : null,
        assets,
      });
    }
    // index.json last: once it lists a release, CHANGELOG.md does too (reconcile relies on it).
    await writeAtomic(path.join(this.root, 'CHANGELOG.md'), renderCumulativeChangelog(releases));
    await writeAtomic(path.join(this.root, 'index.json'), renderStoreIndex(releases));
  }
}

/** The few fields of changes.json and datapackage.json that the root index shows. */
const ChangesHeadSchema = z.object(ChangesFileSchema.pick({ from: true, bump: true, summary: true }).shape);
const CreatedSchema = z.object({ created: z.string().optional() });
