/**
 * The release zip, written by archiver. Byte-deterministic: entries in a fixed order (the
 * order the assets are staged, so each file is compressed — in zlib's thread pool — while the
 * next is rendered; see STAGING_ORDER in render-assets.ts), every entry with the release date
 * (stored as UTC; 1980-01-01 when no date is known), mode rw-r--r--, one compression level.
 * archiver flags an entry's name as UTF-8 whenever it is not plain ASCII, and switches to
 * ZIP64 when a size needs it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';
import crc32Module from 'crc-32';
import type { SystemError } from '../fs-errors.ts';
import { fileAsset, isFileAsset, type Asset } from '../release-format/asset.ts';

/** The part of crc-32 that archiver (through compress-commons and crc32-stream) calls. */
interface Crc32Js {
  buf: (data: Uint8Array | number[], seed?: unknown) => number;
}
const crcJs = crc32Module as unknown as Crc32Js;
const jsBuf = crcJs.buf.bind(crcJs);
/**
 * archiver checksums each entry with crc-32, a JavaScript CRC-32: ~0.5 s of CPU for a 100k
 * release's 390 MB, on the two cores that render and deflate. Node's zlib.crc32 gives the
 * same checksum ~5× faster (185 → 35 ms on a 111 MB commitments.json), so crc-32's `buf`,
 * which archiver looks up on each call, is pointed at it for bytes. crc-32's seed
 * rules are kept: a number continues that CRC (signed or not), anything else — crc32-stream
 * starts from a 4-byte Buffer — counts as 0; the result is signed, as crc-32 returns it.
 * test/render/zip.test.ts holds the values to an independent CRC-32 and checks that archiver
 * calls this function.
 */
crcJs.buf = (data, seed) => (data instanceof Uint8Array ? crc32(data, typeof seed === 'number' ? seed >>> 0 : 0) | 0 : jsBuf(data, seed));

/** The entry time when no release date is known: the earliest a zip can store. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** zlib's default level: the usual trade of size for time. */
export const ZIP_DEFLATE_LEVEL = 6;
const FILE_MODE = 0o644;

/** Release zips hold plain file names only: no folders, no dotfiles, each name once (`names` so far; `name` is added). */
function checkEntryName(name: string, names: Set<string>): void {
  if (name === '' || name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`zip: ${JSON.stringify(name)} is not a plain file name`);
  if (names.has(name)) throw new Error(`zip: ${name} given twice`);
  names.add(name);
}

/** What a zip entry needs of an asset: its name and its bytes as a stream. */
export type ZipEntry = Pick<Asset, 'name' | 'stream'>;

/**
 * A zip being written: entries are added in the order they come (each streamed and
 * compressed while the caller goes on), then `finish` waits for the whole file.
 */
export class ZipWriter {
  /**
   * zlib hands its output back to the zip's thread whenever `chunkSize` bytes are ready: 4 MiB
   * holds all that one 16 MiB read of text deflates to (~3 MiB), so each read costs that
   * thread one turn. The bytes do not depend on it.
   */
  private readonly archive = new ZipArchive({ zlib: { level: ZIP_DEFLATE_LEVEL, chunkSize: 1 << 22 }, forceLocalTime: false });
  private readonly names = new Set<string>();
  private readonly written: Promise<void>;

  constructor(
    out: Writable,
    private readonly date: Date | null,
  ) {
    this.written = pipeline(this.archive, out);
    this.written.catch(() => undefined); // reported by finish()
  }

  /**
   * Adds an entry. Release zips hold plain file names only: no folders, no dotfiles, each
   * name once. `store` keeps an already compressed file (Parquet) as it is.
   */
  add(entry: ZipEntry, options: { store?: boolean } = {}): void {
    const { name } = entry;
    checkEntryName(name, this.names);
    const source = entry.stream();
    // archiver listens to an entry only when its turn comes: a file that fails before (it
    // cannot be opened or read) must fail the zip, not crash the process unheard.
    source.once('error', (err) => this.archive.destroy(err));
    this.archive.append(source, { name, date: this.date ?? ZIP_EPOCH, mode: FILE_MODE, store: options.store === true });
  }

  /** Ends the zip; resolves once its output has all of it. */
  async finish(): Promise<void> {
    await Promise.all([this.archive.finalize(), this.written]);
  }

  /** Stops writing (the caller's error wins; the output is left to be removed). */
  abandon(reason: Error): void {
    this.archive.destroy(reason);
  }
}

/** A zip of in-memory files, as bytes, entries sorted by name (for tests and small bundles). */
export async function renderZip(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, date: Date | null): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const zip = new ZipWriter(sink, date);
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) zip.add({ name: f.name, stream: () => Readable.from([Buffer.from(f.bytes)], { objectMode: false }) });
  await zip.finish();
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A zip being written to `<dir>/<name>` in this thread, hashed as it is written; `asset()`
 * gives it once finished. `signal` stops the writing. (The zip thread runs this.)
 */
export function writeZipFile(dir: string, name: string, date: Date | null, signal?: AbortSignal): { zip: ZipWriter; asset: () => Promise<Asset> } {
  const file = path.join(dir, name);
  const hash = createHash('sha256');
  let size = 0;
  const tee = new PassThrough({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const saved = pipeline(tee, createWriteStream(file), signal ? { signal } : {});
  saved.catch(() => undefined); // reported by asset()
  const zip = new ZipWriter(tee, date);
  return {
    zip,
    asset: async () => {
      await Promise.all([zip.finish(), saved]);
      return fileAsset(name, file, size, hash.digest('hex'));
    },
  };
}

/** What the release's thread tells the zip thread: an entry (a staged file, or bytes), then finish. */
export type ToZipThread = { type: 'add'; name: string; file: string; store: boolean } | { type: 'add'; name: string; bytes: Uint8Array; store: boolean } | { type: 'finish' };
/** An error's name and message, and the parts of a file-system error that say what failed (fs-errors.ts classifies by them). */
export type ErrorParts = Pick<SystemError, 'name' | 'message'> & Partial<Pick<SystemError, 'code' | 'syscall' | 'path' | 'dest'>> & { readonly errno?: number };
/** What the zip thread answers, once: the zip written, or why not. */
export type FromZipThread = { type: 'done'; size: number; sha256: string } | { type: 'failed'; error: ErrorParts };

/** An error as parts that cross to another thread (a structured clone keeps only name and message). */
export function errorParts(err: unknown): ErrorParts {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const parts: Record<string, unknown> = { name: err.name, message: err.message };
  const e = err as unknown as Record<string, unknown>;
  for (const key of ['code', 'syscall', 'path', 'dest'] as const) if (typeof e[key] === 'string') parts[key] = e[key];
  if (typeof e.errno === 'number') parts.errno = e.errno;
  return parts as ErrorParts;
}

/** The error again, with its errno parts, as the thread that failed had it. */
function errorFrom(parts: ErrorParts): Error {
  const { name, message, ...errno } = parts;
  const err = Object.assign(new Error(message), errno);
  err.name = name;
  return err;
}

/** A zip being written in the zip thread: entries in the order added; `abandon` stops it. */
export interface ZipFile {
  add(entry: Asset, options?: { store?: boolean }): void;
  abandon(reason: Error): void;
}

/**
 * The zip thread's entry: tsx's loader is registered there first (a new thread starts
 * without it), then zip-thread.ts is loaded.
 */
function zipThreadSource(): URL {
  const code = [
    `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});`,
    'register();',
    `await import(${JSON.stringify(new URL('./zip-thread.ts', import.meta.url).href)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * A zip being written to `<dir>/<name>` by a thread of its own (zip-thread.ts, running
 * writeZipFile); `asset()` gives it once finished, or throws what failed there, with its
 * errno parts. Staged assets are read there from their files; the others are sent as bytes.
 * `signal` (or `abandon`) stops the thread.
 *
 * Why a thread: archiver reads each staged file in 16 MiB buffers, and every ~64 MB of such
 * buffers makes V8 mark the whole heap — the release's records, ~150 MB at 100k — about ten
 * more full collections per release, and archiver's stream plumbing ran between the
 * renderer's pieces. In a thread of its own, with a heap of its own, the zip costs the
 * release's thread nothing. At 100k, side by side: a first release 11.7–12.4 s → 9.8–10.2 s
 * (wall), 17.0–18.3 s → 15.0–15.8 s of CPU; the bytes are the same.
 */
export function openZipFile(dir: string, name: string, date: Date | null, signal?: AbortSignal): { zip: ZipFile; asset: () => Promise<Asset> } {
  const file = path.join(dir, name);
  const thread = new Worker(zipThreadSource(), { workerData: { dir, name, date: date === null ? null : date.getTime() } satisfies ZipThreadData });
  const names = new Set<string>();
  let failure: Error | null = null;
  let sending = Promise.resolve();
  const result = new Promise<Asset>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => fail(signal?.reason instanceof Error ? signal.reason : new Error(String(signal?.reason)));
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (err: Error): void => {
      if (settled) return; // the thread exits once it has answered
      failure ??= err;
      thread.terminate().catch(() => undefined);
      if (settle()) reject(failure);
    };
    thread.on('message', (message: FromZipThread) => {
      if (message.type === 'failed') fail(errorFrom(message.error));
      else if (settle()) resolve(fileAsset(name, file, message.size, message.sha256));
    });
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`zip: its thread stopped (exit code ${code}) before the zip was written`)));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  result.catch(() => undefined); // reported by asset()
  const post = (message: ToZipThread): void => {
    if (failure === null) thread.postMessage(message);
  };
  const zip: ZipFile = {
    add(entry, options = {}) {
      checkEntryName(entry.name, names);
      const store = options.store === true;
      // In the order added: a staged file by its path, any other asset as its bytes once read.
      sending = sending.then(async () => {
        if (isFileAsset(entry)) post({ type: 'add', name: entry.name, file: entry.file, store });
        else post({ type: 'add', name: entry.name, bytes: await entry.read(), store });
      });
      sending.catch(() => undefined); // an asset that cannot be read fails the zip: asset() says so
    },
    abandon(reason) {
      failure ??= reason;
      thread.terminate().catch(() => undefined);
    },
  };
  return {
    zip,
    asset: async () => {
      await sending;
      post({ type: 'finish' });
      return await result;
    },
  };
}

/** What the zip thread is started with. */
export interface ZipThreadData {
  readonly dir: string;
  readonly name: string;
  /** The entries' date, in ms since 1970; null when none is known. */
  readonly date: number | null;
}
