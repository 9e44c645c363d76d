import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { readBytes } from '../read-bytes.ts';

/**
 * A rendered file. Small ones live in memory; the large ones (a million records make
 * hundreds of megabytes) are staged in a file, so a release never holds all of its
 * assets in memory at once. Size and sha256 are known up front either way.
 */
export interface Asset {
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Hex sha256 of the bytes. */
  readonly sha256: string;
  /** All the bytes (reads a staged file). */
  read(): Promise<Uint8Array>;
  /** The bytes as a stream, for writing, zipping and uploading large files. */
  stream(): Readable;
}

/** An asset held in memory, its bytes at hand. */
export interface MemoryAsset extends Asset {
  readonly bytes: Uint8Array;
}

/** An asset held in memory. */
export function memoryAsset(name: string, bytes: Uint8Array): MemoryAsset {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    name,
    bytes,
    size: bytes.byteLength,
    sha256,
    read: () => Promise.resolve(bytes),
    stream: () => Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
  };
}

/** An asset staged in a file whose size and sha256 were computed while it was written. */
export function fileAsset(name: string, file: string, size: number, sha256: string): Asset {
  return {
    name,
    size,
    sha256,
    read: async () => await readBytes(file),
    // Large reads: the zip compresses each piece in one task of zlib's thread pool.
    stream: () => createReadStream(file, { highWaterMark: 1 << 22 }),
  };
}
