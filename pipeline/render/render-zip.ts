/**
 * The release zip, written by hand from entries already compressed (pipeline/render/deflate.ts)
 * so compression can run in parallel and beside rendering, which a streaming zip library
 * cannot do. The format is PKWARE's APPNOTE: a local header with the CRC and sizes known up
 * front (no data descriptors), the data, then the central directory; ZIP64 records only
 * when a size or offset needs them. Byte-deterministic: sorted names, one fixed time
 * (stored as UTC), fixed permissions.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { fileAsset, type Asset } from './asset.ts';
import { deflateBytes, EntryDeflater, type DeflatedEntry, type Piece } from './deflate.ts';

/** The fixed entry time when no release date is known: the earliest a zip can store. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** Unix, APPNOTE 2.0 (4.5 with ZIP64). */
const MADE_BY_UNIX = 3 << 8;
/** A regular file, rw-r--r--, in the high half of the external attributes. */
const EXTERNAL_ATTRS = (0o100644 << 16) >>> 0;
const COPY_BLOCK = 1 << 20;

export interface ZipOptions {
  /** Write ZIP64 records even when nothing needs them (to test readers). */
  readonly forceZip64?: boolean;
}

/** MS-DOS time and date of `date`'s UTC fields. */
function dosTime(date: Date | null): { time: number; date: number } {
  const d = date && date.getTime() >= ZIP_EPOCH.getTime() ? date : ZIP_EPOCH;
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((Math.min(d.getUTCFullYear(), 2107) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** Checks a name is a plain file name, as a release zip holds. */
function checkName(name: string): Buffer {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`not a plain file name for a zip entry: ${JSON.stringify(name)}`);
  return Buffer.from(name, 'ascii');
}

/** A ZIP64 extended information extra field holding `values`, in APPNOTE's order. */
function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

/** Writes bytes to a file and a hash, counting them. */
class Output {
  offset = 0;
  private readonly hash: Hash = createHash('sha256');
  constructor(private readonly fd: number | null, private readonly chunks: Buffer[] | null) {}
  write(bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.hash.update(buffer);
    this.offset += buffer.length;
    if (this.chunks) this.chunks.push(Buffer.from(buffer));
    if (this.fd === null) return;
    let written = 0;
    while (written < buffer.length) written += writeSync(this.fd, buffer, written);
  }
  copyFile(file: string): void {
    const input = openSync(file, 'r');
    try {
      const block = Buffer.allocUnsafe(COPY_BLOCK);
      for (let n = readSync(input, block, 0, COPY_BLOCK, null); n > 0; n = readSync(input, block, 0, COPY_BLOCK, null)) this.write(block.subarray(0, n));
    } finally {
      closeSync(input);
    }
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * The 26 bytes a local header (from its offset 4) and a central directory header (from its
 * offset 6) share: version needed, flags, method, time, date, CRC-32, sizes, name and extra lengths.
 */
function writeEntryFields(
  header: Buffer,
  at: number,
  f: { needed: number; when: { time: number; date: number }; entry: DeflatedEntry; sizes64: boolean; nameLength: number; extraLength: number },
): void {
  header.writeUInt16LE(f.needed, at);
  header.writeUInt16LE(0, at + 2); // flags
  header.writeUInt16LE(8, at + 4); // deflate
  header.writeUInt16LE(f.when.time, at + 6);
  header.writeUInt16LE(f.when.date, at + 8);
  header.writeUInt32LE(f.entry.crc >>> 0, at + 10);
  header.writeUInt32LE(f.sizes64 ? MAX32 : f.entry.compressedSize, at + 14);
  header.writeUInt32LE(f.sizes64 ? MAX32 : f.entry.size, at + 18);
  header.writeUInt16LE(f.nameLength, at + 22);
  header.writeUInt16LE(f.extraLength, at + 24);
}

const writePiece = (out: Output, piece: Piece): void => (piece instanceof Uint8Array ? out.write(piece) : out.copyFile(piece.file));

/** Writes the zip of `entries` (in name order) to `out`. */
function writeEntries(out: Output, entries: readonly DeflatedEntry[], date: Date | null, options: ZipOptions): void {
  const when = dosTime(date);
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`zip entry ${sorted[i]!.name} given twice`);
  const central: Buffer[] = [];
  for (const e of sorted) {
    const name = checkName(e.name);
    const offset = out.offset;
    const sizes64 = options.forceZip64 === true || e.size >= MAX32 || e.compressedSize >= MAX32;
    const needed = sizes64 || offset >= MAX32 ? 45 : 20;
    const local = Buffer.alloc(30);
    const localExtra = sizes64 ? zip64Extra([e.size, e.compressedSize]) : Buffer.alloc(0);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, { needed, when, entry: e, sizes64, nameLength: name.length, extraLength: localExtra.length });
    out.write(local);
    out.write(name);
    out.write(localExtra);
    for (const piece of e.pieces) writePiece(out, piece);
    if (out.offset - offset !== 30 + name.length + localExtra.length + e.compressedSize) throw new Error(`zip entry ${e.name}: compressed size changed while writing`);

    const offset64 = options.forceZip64 === true || offset >= MAX32;
    const centralExtra = zip64Extra([...(sizes64 ? [e.size, e.compressedSize] : []), ...(offset64 ? [offset] : [])]);
    const extra = sizes64 || offset64 ? centralExtra : Buffer.alloc(0);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(MADE_BY_UNIX | needed, 4);
    writeEntryFields(header, 6, { needed, when, entry: e, sizes64, nameLength: name.length, extraLength: extra.length });
    // comment length, disk number, internal attributes: 0
    header.writeUInt32LE(EXTERNAL_ATTRS, 38);
    header.writeUInt32LE(offset64 ? MAX32 : offset, 42);
    central.push(header, name, extra);
  }
  const cdOffset = out.offset;
  for (const part of central) out.write(part);
  const cdSize = out.offset - cdOffset;
  const count = sorted.length;
  const end64 = options.forceZip64 === true || cdOffset >= MAX32 || cdSize >= MAX32 || count >= MAX16;
  if (end64) {
    const record = Buffer.alloc(56);
    const recordOffset = out.offset;
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(MADE_BY_UNIX | 45, 12);
    record.writeUInt16LE(45, 14);
    // this disk, the central directory's disk: 0
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(cdSize), 40);
    record.writeBigUInt64LE(BigInt(cdOffset), 48);
    out.write(record);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(recordOffset), 8);
    locator.writeUInt32LE(1, 16);
    out.write(locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(end64 ? MAX16 : count, 8);
  end.writeUInt16LE(end64 ? MAX16 : count, 10);
  end.writeUInt32LE(end64 ? MAX32 : cdSize, 12);
  end.writeUInt32LE(end64 ? MAX32 : cdOffset, 16);
  out.write(end);
}

/** Writes the zip of already compressed entries to `file`; its size and sha256. */
export function writeZipFile(file: string, entries: readonly DeflatedEntry[], date: Date | null, options: ZipOptions = {}): { size: number; sha256: string } {
  const fd = openSync(file, 'w');
  try {
    const out = new Output(fd, null);
    writeEntries(out, entries, date, options);
    return { size: out.offset, sha256: out.digest() };
  } finally {
    closeSync(fd);
  }
}

/** Removes the part files behind entries (once the zip holds them). */
export function removeParts(entries: readonly DeflatedEntry[]): void {
  for (const e of entries) for (const p of e.pieces) if (!(p instanceof Uint8Array)) rmSync(p.file, { force: true });
}

/** A zip of in-memory files, as bytes. */
export async function renderZip(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, date: Date | null, options: ZipOptions = {}): Promise<Uint8Array> {
  const entries = await Promise.all(files.map((f) => deflateBytes(f.name, f.bytes)));
  const chunks: Buffer[] = [];
  writeEntries(new Output(null, chunks), entries, date, options);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Compresses an asset (streamed from its file, or from memory) into `partFile`. */
export async function deflateAsset(asset: Asset, partFile: string): Promise<DeflatedEntry> {
  const deflater = new EntryDeflater(asset.name, partFile);
  try {
    for await (const chunk of asset.stream()) await deflater.write(chunk as Buffer);
    return await deflater.finish();
  } catch (err) {
    deflater.abandon();
    throw err;
  }
}

/** A zip of assets written to `file` (compressing each asset afresh), hashed as it is written. */
export async function stageZip(file: string, name: string, assets: readonly Asset[], date: Date | null): Promise<Asset> {
  const entries = await Promise.all(assets.map((a, i) => deflateAsset(a, `${file}.part${i}`)));
  try {
    const { size, sha256 } = writeZipFile(file, entries, date);
    return fileAsset(name, file, size, sha256);
  } finally {
    removeParts(entries);
  }
}
