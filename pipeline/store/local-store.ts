import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { asCancelled, throwIfCancelled } from '../cancel.ts';
import { PipelineError } from '../errors.ts';
import { guardFs, type FsWhere } from '../fs-errors.ts';
import { z } from 'zod';
import { sha256Hex } from '../release-format/checksums.ts';
import { parseLineJsonHead } from '../release-format/line-json.ts';
import { ASSET } from '../release-format/names.ts';
import { readSums } from '../release-format/read-release.ts';
import type { ReleaseFiles, ReleaseSource } from '../release-format/release-files.ts';
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
  /** Aborted when the run is cancelled: publishing stops before the release is renamed into place. */
  readonly signal?: AbortSignal;
}

/** What a failed or cancelled publish left before the release folder was renamed into place. */
const NOTHING_PUBLISHED = 'nothing was published; the store is as it was';

/** Whether a path exists; any error but "no such file" is thrown (a failing disk is not an absent file). */
async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw err;
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

/** Writes `content` next to `file` under a temporary name (removed again if the write fails); returns that name. */
async function writeTemp(file: string, content: string): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, content);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined); // a full disk gets its space back; else the next run removes it
    throw err;
  }
  return tmp;
}

/** Writes a file through a temporary name and a rename, so readers never see half of it. */
async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = await writeTemp(file, content);
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** A release's files in a folder, read as a ReleaseSource (a release written but not yet renamed into place). */
function folderSource(dir: string, version: string): ReleaseSource {
  return {
    description: `folder ${dir}`,
    listVersions: async () => [version],
    readAsset: async (_version, name) => readBytes(path.join(dir, name)),
  };
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
    return guardFs(this.reading(), async () => {
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
    });
  }

  async readAsset(version: string, name: string): Promise<Uint8Array> {
    return guardFs(this.reading(), async () => readBytes(await this.assetFile(version, name)));
  }

  /** Where a read of the store fails (the error names the file). */
  private reading(): FsWhere {
    return { action: `read ${this.description}`, path: this.root, elsewhere: '--releases DIR' };
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
      // `.tmp-v<version>-<pid>-<id>` folders and `<root file>.<pid>.<uuid>.tmp` files (writeTemp).
      const pid = (/^\.tmp-.*-(\d+)-[^-]+$/.exec(name) ?? /^(?:index\.json|CHANGELOG\.md)\.(\d+)\.[0-9a-f-]+\.tmp$/.exec(name))?.[1];
      if (pid !== undefined && !isProcessAlive(Number(pid))) await rm(path.join(this.root, name), { recursive: true, force: true });
    }
  }

  /**
   * Holds the store's lock while `work` runs: one publishing run at a time per folder. When
   * `work` fails, the lock is released on a best-effort basis (the error that matters is
   * the work's; a lock left behind is taken over by the next run, its process being gone).
   */
  private async locked<T>(work: () => Promise<T>, state: () => string): Promise<T> {
    const lock = path.join(this.root, LOCK_FILE);
    const where = (action: string): FsWhere => ({ action, path: this.root, elsewhere: '--releases DIR', state: state() });
    const unlock = await guardFs(where(`take the lock of ${this.description}`), async () => {
      await mkdir(this.root, { recursive: true });
      return lockStore(lock, {
        waitMs: this.options.lockWaitMs,
        onWait: (who) => this.options.onWait?.(`waiting for ${who} to finish with ${this.description}`),
        signal: this.options.signal,
      });
    });
    let result: T;
    try {
      result = await work();
    } catch (err) {
      await unlock().catch(() => undefined);
      throw err;
    }
    await guardFs(where(`release the lock of ${this.description}`), unlock);
    return result;
  }

  /**
   * Publishes under the store's lock: the same bytes already there are 'unchanged',
   * other bytes are refused; otherwise the release must follow the store's latest
   * version (another run may have published while this one was planning), and is
   * written to a temporary folder and renamed into place.
   */
  async publish(release: ReleaseFiles): Promise<PublishResult> {
    let committed = false;
    const state = (): string =>
      committed
        ? `${release.tag} is published and complete in ${this.description}; if index.json or CHANGELOG.md do not list it yet, the next run brings them up to date`
        : NOTHING_PUBLISHED;
    const signal = this.options.signal;
    try {
      throwIfCancelled(signal, NOTHING_PUBLISHED);
      return await this.locked(
        () =>
          guardFs(
            () => ({ action: `publish ${release.tag} to ${this.description}`, path: this.root, elsewhere: '--releases DIR', state: state() }),
            () => this.publishLocked(release, () => (committed = true)),
          ),
        state,
      );
    } catch (err) {
      throw asCancelled(err, signal, state());
    }
  }

  /** The part of publish under the lock; calls `commit` once the release folder is in place. */
  private async publishLocked(release: ReleaseFiles, commit: () => void): Promise<PublishResult> {
    const signal = this.options.signal;
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
    const rootTemps: string[] = [];
    let committed = false;
    await mkdir(temp);
    try {
      for (const asset of release.assets) {
        throwIfCancelled(signal, NOTHING_PUBLISHED);
        await asset.saveAs(path.join(temp, asset.name));
      }
      // The root files are written before the release is renamed into place, so that after
      // the rename only renames remain: a full disk can no longer stop the store halfway.
      const root = await this.renderRootFiles({ version: release.version, dir: temp });
      rootTemps.push(await writeTemp(path.join(this.root, 'CHANGELOG.md'), root.changelog));
      rootTemps.push(await writeTemp(path.join(this.root, 'index.json'), root.index));
      throwIfCancelled(signal, NOTHING_PUBLISHED);
      await rename(temp, target);
      committed = true;
      commit();
      // index.json last: once it lists a release, CHANGELOG.md does too (reconcile relies on it).
      await rename(rootTemps[0]!, path.join(this.root, 'CHANGELOG.md'));
      await rename(rootTemps[1]!, path.join(this.root, 'index.json'));
    } catch (err) {
      // Best effort: what cannot be removed now carries this process's id and goes with the next run.
      if (!committed) await rm(temp, { recursive: true, force: true }).catch(() => undefined);
      for (const file of rootTemps) await rm(file, { force: true }).catch(() => undefined);
      throw err;
    }
    return { status: 'published', location: `${this.displayRoot}/${release.tag}` };
  }

  /**
   * Brings the root files up to date after a run that was killed between publishing a
   * release and rewriting index.json, and clears a crashed run's leftovers. Cheap when
   * nothing is amiss: it compares the versions index.json lists with the folders.
   */
  async reconcile(): Promise<void> {
    const state = (): string => 'no release was changed; the next run tries again';
    const where = (): FsWhere => ({ action: `bring ${this.description} up to date`, path: this.root, elsewhere: '--releases DIR', state: state() });
    if (!(await guardFs(where, () => exists(this.root)))) return;
    await this.locked(() => guardFs(where, () => this.reconcileLocked()), state);
  }

  private async reconcileLocked(): Promise<void> {
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
  }

  /** Rewrites index.json and the cumulative CHANGELOG.md from the releases on disk. */
  async writeRootFiles(): Promise<void> {
    const root = await this.renderRootFiles();
    // index.json last: once it lists a release, CHANGELOG.md does too (reconcile relies on it).
    await writeAtomic(path.join(this.root, 'CHANGELOG.md'), root.changelog);
    await writeAtomic(path.join(this.root, 'index.json'), root.index);
  }

  /** index.json and CHANGELOG.md for the releases on disk, plus `next` (written to a folder, not yet renamed into place). */
  private async renderRootFiles(next?: { version: string; dir: string }): Promise<{ changelog: string; index: string }> {
    const releases: IndexedRelease[] = [];
    for (const version of await this.listVersions()) releases.push(await this.indexEntry(this, version, path.join(this.root, `v${version}`)));
    if (next) releases.push(await this.indexEntry(folderSource(next.dir, next.version), next.version, next.dir));
    return { changelog: renderCumulativeChangelog(releases), index: renderStoreIndex(releases) };
  }

  /** What the root index says of one release, whose files are in `dir`. */
  private async indexEntry(source: ReleaseSource, version: string, dir: string): Promise<IndexedRelease> {
    const sums = await readSums(source, version);
    const text = async (name: string): Promise<string> => Buffer.from(await source.readAsset(version, name)).toString('utf8');
    // Only the head of changes.json: a first release's list of changes can be huge.
    const head = ChangesHeadSchema.safeParse(parseLineJsonHead(await readStart(path.join(dir, ASSET.changesJson), 1 << 16)));
    const pkg = CreatedSchema.safeParse(JSON.parse(await text(ASSET.datapackage)));
    if (!head.success) throw new PipelineError('E_STORE_CORRUPT', `v${version}/${ASSET.changesJson} is malformed (${this.description})`);
    const assets = [];
    for (const name of [...sums.keys(), ASSET.sums].sort()) {
      const sha256 = name === ASSET.sums ? sha256Hex(await source.readAsset(version, name)) : sums.get(name)!;
      assets.push({ name, bytes: (await stat(path.join(dir, name))).size, sha256 });
    }
    return {
      version,
      from: head.data.from,
      bump: head.data.bump,
      summary: head.data.summary,
      changelog: await text(ASSET.changelog),
      created: pkg.success ? pkg.data.created ?? null : null,
      assets,
    };
  }
}

/** The few fields of changes.json and datapackage.json that the root index shows. */
const ChangesHeadSchema = z.object(ChangesFileSchema.pick({ from: true, bump: true, summary: true }).shape);
const CreatedSchema = z.object({ created: z.string().optional() });
