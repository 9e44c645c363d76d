/**
 * The release zip, written by archiver. Byte-deterministic: entries in byte order of their
 * names, every entry with the release date (stored as UTC; 1980-01-01 when no date is
 * known) and mode rw-r--r--, one compression level. archiver flags an entry's name as
 * UTF-8 whenever it is not plain ASCII, and switches to ZIP64 when a size needs it.
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

/** Release zips hold plain file names only: no folders, no dotfiles, each name once. */
function checkNames(entries: readonly ZipEntry[]): void {
  const seen = new Set<string>();
  for (const { name } of entries) {
    if (name === '' || name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`zip: ${JSON.stringify(name)} is not a plain file name`);
    if (seen.has(name)) throw new Error(`zip: ${name} given twice`);
    seen.add(name);
  }
}

/** Writes the zip of `entries` into `out`; resolves once `out` has all of it. */
async function writeZip(entries: readonly ZipEntry[], date: Date | null, out: Writable): Promise<void> {
  checkNames(entries);
  const archive = new ZipArchive({ zlib: { level: ZIP_DEFLATE_LEVEL }, forceLocalTime: false });
  const written = pipeline(archive, out);
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    const source = entry.stream();
    // archiver listens to an entry only when its turn comes: a file that fails before (it
    // cannot be opened or read) must fail the zip, not crash the process unheard.
    source.once('error', (err) => archive.destroy(err));
    archive.append(source, { name: entry.name, date: date ?? ZIP_EPOCH, mode: FILE_MODE });
  }
  await Promise.all([archive.finalize(), written]);
}

/** A zip of in-memory files, as bytes. */
export async function renderZip(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, date: Date | null): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await writeZip(
    files.map((f) => ({ name: f.name, stream: () => Readable.from([Buffer.from(f.bytes)], { objectMode: false }) })),
    date,
    sink,
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/** A zip of assets written to `<dir>/<name>`, hashed as it is written; `signal` stops the writing. */
export async function stageZip(dir: string, name: string, assets: readonly ZipEntry[], date: Date | null, signal?: AbortSignal): Promise<Asset> {
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
  await Promise.all([writeZip(assets, date, tee), pipeline(tee, createWriteStream(file), signal ? { signal } : {})]);
  return fileAsset(name, file, size, hash.digest('hex'));
}
