/**
 * Builds large UTF-8 outputs from many small strings without ever holding one giant
 * string (V8 strings stop at about 512 M characters; a million-record asset passes that):
 * pieces are joined into strings of ~16k characters, each encoded straight into 1 MiB
 * blocks (one call per 16k characters, not per piece), and the blocks joined once at the end.
 */
const BLOCK = 1 << 20;
const BATCH = 1 << 14;

export class Utf8Builder {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  private pending: string[] = [];
  private pendingLength = 0;

  push(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= BATCH) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 4 for 2).
    if (this.used + text.length * 3 > this.block.length) {
      if (this.used > 0) this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK, text.length * 3));
      this.used = 0;
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  /** The bytes written, as one plain Uint8Array. */
  finish(): Uint8Array {
    this.flush();
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
