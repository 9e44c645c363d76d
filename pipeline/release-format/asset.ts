import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, writeFile } from 'node:fs/promises';
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
  /** The bytes as a stream, for zipping and uploading. */
  stream(): Readable;
  /**
   * Writes the bytes to `file`, which must not exist yet. A staged file is hard-linked there
   * when both are on one file system (nothing is copied), else copied by the kernel.
   */
  saveAs(file: string): Promise<void>;
}

/**
 * Why a hard link can fail where a copy still works: another file system, or one without
 * hard links (or with too many to the file). Anything else (a full disk, a read-only or
 * forbidden folder) fails the copy just the same, and is reported as it is.
 */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/** `file` as a new name of `staged`, or a copy of it where a link cannot be made. */
async function linkOrCopy(staged: string, file: string): Promise<void> {
  try {
    await link(staged, file);
  } catch (err) {
    if (!LINK_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
    await copyFile(staged, file, constants.COPYFILE_EXCL);
  }
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
    saveAs: (file) => writeFile(file, bytes, { flag: 'wx' }),
  };
}

/**
 * A staged file's bytes as a stream. Large reads (16 MiB): the zip deflates each piece in
 * one task of zlib's thread pool, so it needs its thread seldom.
 */
export function fileStream(file: string): Readable {
  return createReadStream(file, { highWaterMark: 1 << 24 });
}

/** An asset staged in a file, which another thread can read by its path. */
export interface FileAsset extends Asset {
  readonly file: string;
}

/** Whether `asset` is staged in a file (fileAsset). */
export function isFileAsset(asset: Asset): asset is FileAsset {
  return typeof (asset as Partial<FileAsset>).file === 'string';
}

/** An asset staged in a file whose size and sha256 were computed while it was written. */
export function fileAsset(name: string, file: string, size: number, sha256: string): FileAsset {
  return {
    name,
    size,
    sha256,
    file,
    read: async () => await readBytes(file),
    stream: () => fileStream(file),
    saveAs: (target) => linkOrCopy(file, target),
  };
}
