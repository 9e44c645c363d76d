/**
 * Builds large UTF-8 outputs from many small strings without ever holding one giant
 * string (V8 strings stop at about 512 M characters; a million-record asset passes that):
 * each string is encoded straight into 1 MiB blocks, joined once at the end.
 */
const BLOCK = 1 << 20;

export class Utf8Builder {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;

  push(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 4 for 2).
    if (this.used + text.length * 3 > this.block.length) this.next(text.length * 3);
    this.used += this.block.write(text, this.used, 'utf8');
  }

  private next(needed: number): void {
    if (this.used > 0) this.blocks.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(Math.max(BLOCK, needed));
    this.used = 0;
  }

  /** The bytes written, as one plain Uint8Array. */
  finish(): Uint8Array {
    if (this.used > 0) this.blocks.push(this.block.subarray(0, this.used));
    const total = this.blocks.reduce((n, b) => n + b.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b, at);
      at += b.length;
    }
    this.blocks.length = 0;
    this.block = Buffer.allocUnsafe(0);
    this.used = 0;
    return out;
  }
}
