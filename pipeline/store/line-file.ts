import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;

/**
 * Reads a file line by line, synchronously, in 1 MB chunks, hashing every byte: a
 * 60 MB release file is walked without being held whole (lines are views into the
 * current chunk, or a copy when a line spans two chunks).
 */
export class LineFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private buffer: Buffer = Buffer.alloc(0);
  private pos = 0;
  private offset = 0;
  private ended = false;
  private peeked: Buffer | null | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The next line without its line break, or null at the end. */
  next(): Buffer | null {
    if (this.peeked !== undefined) {
      const line = this.peeked;
      this.peeked = undefined;
      return line;
    }
    for (;;) {
      const nl = this.buffer.indexOf(10, this.pos);
      if (nl !== -1) {
        const line = this.buffer.subarray(this.pos, nl);
        this.pos = nl + 1;
        return line;
      }
      if (this.ended) {
        if (this.pos >= this.buffer.length) return null;
        const line = this.buffer.subarray(this.pos);
        this.pos = this.buffer.length;
        return line;
      }
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(this.fd, chunk, 0, CHUNK, this.offset);
      this.offset += n;
      if (n === 0) {
        this.ended = true;
        continue;
      }
      const data = chunk.subarray(0, n);
      this.hash.update(data);
      const rest = this.buffer.subarray(this.pos);
      this.buffer = rest.length > 0 ? Buffer.concat([rest, data]) : data;
      this.pos = 0;
    }
  }

  /** The next line, left to be read again by next(). */
  peek(): Buffer | null {
    if (this.peeked === undefined) this.peeked = this.next();
    return this.peeked;
  }

  /** Reads to the end and returns the sha256 of the whole file. */
  finish(): string {
    while (this.next() !== null) {
      // hashed as read
    }
    return this.hash.digest('hex');
  }

  close(): void {
    closeSync(this.fd);
  }
}
