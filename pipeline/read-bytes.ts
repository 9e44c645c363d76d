import { readFile } from 'node:fs/promises';

/** A file's bytes, as the Buffer readFile returns, without copying (a large release file is read once). */
export async function readBytes(file: string): Promise<Uint8Array> {
  const buffer = await readFile(file);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
