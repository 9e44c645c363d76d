import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { fileAsset, type Asset } from './asset.ts';

/** The fixed entry time when no release date is known: the earliest a zip can store. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** One zip entry: a name and its bytes, as a stream (read once). */
interface Entry {
  readonly name: string;
  readonly stream: () => Readable;
}

/**
 * A byte-deterministic zip written to `sink`: sorted names, one fixed time (stored as
 * UTC), fixed permissions, zlib's default compression level. Entries are streamed, so
 * their size does not matter.
 */
async function writeZip(entries: readonly Entry[], date: Date | null, sink: Writable): Promise<void> {
  const archive = new ZipArchive({ zlib: { level: 6 }, forceLocalTime: false });
  const when = date && date.getTime() >= ZIP_EPOCH.getTime() ? date : ZIP_EPOCH;
  const written = pipeline(archive, sink);
  const warned = new Promise<never>((_, reject) => archive.on('warning', reject));
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    archive.append(e.stream(), { name: e.name, date: when, mode: 0o644 });
  }
  await Promise.race([Promise.all([archive.finalize(), written]), warned]);
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
    files.map((f) => ({ name: f.name, stream: () => Readable.from([Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength)]) })),
    date,
    sink,
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/** A zip of assets streamed into `file`, hashed while it is written. */
export async function stageZip(file: string, name: string, assets: readonly Asset[], date: Date | null): Promise<Asset> {
  const hash = createHash('sha256');
  let size = 0;
  const out = createWriteStream(file);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      out.write(chunk, done);
    },
    final(done) {
      out.end(done);
    },
  });
  await writeZip(assets.map((a) => ({ name: a.name, stream: () => a.stream() })), date, sink);
  return fileAsset(name, file, size, hash.digest('hex'));
}
