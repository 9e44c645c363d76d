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
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { fileAsset, type Asset } from '../release-format/asset.ts';

/** The entry time when no release date is known: the earliest a zip can store. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** zlib's default level: the usual trade of size for time. */
export const ZIP_DEFLATE_LEVEL = 6;
const FILE_MODE = 0o644;

/** What a zip entry needs of an asset: its name and its bytes as a stream. */
export type ZipEntry = Pick<Asset, 'name' | 'stream'>;

/**
 * A zip being written: entries are added in the order they come (each streamed and
 * compressed while the caller goes on), then `finish` waits for the whole file.
 */
export class ZipWriter {
  /**
   * zlib hands its output back to the main thread whenever `chunkSize` bytes are ready: 4 MiB
   * holds all that one 16 MiB read of text deflates to (~3 MiB), so each read costs the main
   * thread one turn while it renders the next asset. The bytes do not depend on it.
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
    if (name === '' || name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`zip: ${JSON.stringify(name)} is not a plain file name`);
    if (this.names.has(name)) throw new Error(`zip: ${name} given twice`);
    this.names.add(name);
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
 * A zip being written to `<dir>/<name>`, hashed as it is written; `asset()` gives it once
 * finished. `signal` stops the writing.
 */
export function openZipFile(dir: string, name: string, date: Date | null, signal?: AbortSignal): { zip: ZipWriter; asset: () => Promise<Asset> } {
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
