/**
 * Deflate for the release zip, spread over the CPU's cores the way pigz does it: an entry
 * is cut into 1 MiB blocks, each block is compressed on libuv's thread pool with the 32 KiB
 * before it as its dictionary and ends on a byte boundary (a sync flush), and the outputs
 * are joined in order into one raw deflate stream. Compression runs beside the renderer
 * (which feeds it as it writes) and the ratio matches one-stream deflate to within a few
 * bytes per block. The output depends only on the bytes and the level: deterministic.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

/** The zip's compression level: zlib's default. */
export const ZIP_DEFLATE_LEVEL = 6;
/** Input bytes per block. */
const BLOCK = 1 << 20;
/** Deflate's window: how much of the previous block each block may refer to. */
const WINDOW = 32 * 1024;
/** Blocks compressing at once per entry (results held in memory meanwhile). */
const IN_FLIGHT = Math.max(2, availableParallelism()) + 1;

/** Where an entry's compressed bytes are: in memory, or in a part file. */
export type Piece = Uint8Array | { readonly file: string };

/** An entry compressed and measured, ready to be written into a zip. */
export interface DeflatedEntry {
  readonly name: string;
  /** Uncompressed size. */
  readonly size: number;
  /** CRC-32 of the uncompressed bytes. */
  readonly crc: number;
  readonly compressedSize: number;
  /** The raw deflate stream, in order. */
  readonly pieces: readonly Piece[];
}

function deflateBlock(input: Buffer, options: ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => deflateRaw(input, options, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * Compresses one entry fed in pieces of any size. With `partFile` the compressed bytes go
 * to that file as they come (memory stays at a few blocks); without, they stay in memory.
 */
export class EntryDeflater {
  private block = Buffer.allocUnsafe(BLOCK);
  private fill = 0;
  private dictionary: Buffer | null = null;
  private readonly queue: Array<Promise<Buffer>> = [];
  private readonly memory: Buffer[] = [];
  private readonly fd: number | null;
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private finished = false;

  constructor(
    readonly name: string,
    private readonly partFile: string | null,
    private readonly level = ZIP_DEFLATE_LEVEL,
  ) {
    this.fd = partFile === null ? null : openSync(partFile, 'w');
  }

  /** Adds bytes; resolves once fewer than a few blocks are waiting to be compressed. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.finished) throw new Error(`${this.name}: written after finish()`);
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.byteLength;
    const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    while (offset < source.length) {
      const n = Math.min(BLOCK - this.fill, source.length - offset);
      source.copy(this.block, this.fill, offset, offset + n);
      this.fill += n;
      offset += n;
      if (this.fill === BLOCK) {
        this.submit(false);
        while (this.queue.length >= IN_FLIGHT) this.store(await this.queue.shift()!);
      }
    }
  }

  /** Compresses what is left, ends the stream and returns the entry. */
  async finish(): Promise<DeflatedEntry> {
    if (this.finished) throw new Error(`${this.name}: finish() called twice`);
    this.finished = true;
    try {
      this.submit(true);
      while (this.queue.length > 0) this.store(await this.queue.shift()!);
    } finally {
      if (this.fd !== null) closeSync(this.fd);
    }
    const pieces: Piece[] = this.partFile === null ? this.memory : [{ file: this.partFile }];
    return { name: this.name, size: this.size, crc: this.crc, compressedSize: this.compressedSize, pieces };
  }

  /** Closes the part file after a failure elsewhere (the caller removes the folder). */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.fd !== null) closeSync(this.fd);
  }

  private submit(last: boolean): void {
    const input = this.block.subarray(0, this.fill);
    const options: ZlibOptions = {
      level: this.level,
      chunkSize: 512 * 1024,
      finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      ...(this.dictionary ? { dictionary: this.dictionary } : {}),
    };
    const pending = deflateBlock(input, options);
    pending.catch(() => undefined); // awaited in order later; not an unhandled rejection meanwhile
    this.queue.push(pending);
    // Only the last block can be short, so a full block's tail is always the next dictionary.
    this.dictionary = input.subarray(input.length - WINDOW);
    this.block = Buffer.allocUnsafe(BLOCK);
    this.fill = 0;
  }

  private store(out: Buffer): void {
    this.compressedSize += out.length;
    if (this.fd === null) {
      this.memory.push(out);
      return;
    }
    let written = 0;
    while (written < out.length) written += writeSync(this.fd, out, written);
  }
}

/** Compresses bytes held in memory. */
export async function deflateBytes(name: string, bytes: Uint8Array): Promise<DeflatedEntry> {
  const deflater = new EntryDeflater(name, null);
  await deflater.write(bytes);
  return await deflater.finish();
}

/**
 * The entry `prefix + source` without compressing the source a second time: the prefix
 * as a stored (uncompressed) non-final block, which ends on a byte boundary, followed by
 * the source's own stream (which never refers back before its start). `crc` is the CRC-32
 * of the whole, computed by whoever had the bytes (the staging copy reads them anyway).
 */
export function prefixedEntry(name: string, prefix: Uint8Array, source: DeflatedEntry, crc: number): DeflatedEntry {
  if (prefix.length > 0xffff) throw new Error('prefix too long for one stored block');
  const stored = Buffer.alloc(5 + prefix.length);
  stored[0] = 0x00; // BFINAL 0, BTYPE 00 (stored), padding to the byte
  stored.writeUInt16LE(prefix.length, 1);
  stored.writeUInt16LE(~prefix.length & 0xffff, 3);
  stored.set(prefix, 5);
  return { name, size: prefix.length + source.size, crc, compressedSize: stored.length + source.compressedSize, pieces: [stored, ...source.pieces] };
}
