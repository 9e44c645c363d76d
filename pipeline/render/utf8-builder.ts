/**
 * Joins many small strings into batches of about `size` characters, so that each batch
 * is encoded with one call (one Buffer.write or Buffer.from per batch, not per piece)
 * while no string ever grows large (V8 strings stop at about 512 M characters).
 */
export class StringBatches {
  private pending: string[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  /** Adds `text`; returns the joined batch once it reaches the size, else null. */
  push(text: string): string | null {
    this.pending.push(text);
    this.length += text.length;
    return this.length >= this.size ? this.take() : null;
  }

  /** What is left, joined ('' when nothing). */
  take(): string {
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.length = 0;
    return text;
  }
}

const BLOCK = 1 << 20;

/**
 * Builds large UTF-8 outputs from many small strings without ever holding one giant
 * string (a million-record asset passes V8's limit): pieces are joined into batches of
 * ~16k characters, each encoded straight into 1 MiB blocks, and the blocks joined once.
 */
export class Utf8Builder {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  private readonly batches = new StringBatches(1 << 14);

  push(text: string): void {
    const batch = this.batches.push(text);
    if (batch !== null) this.encode(batch);
  }

  private encode(text: string): void {
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
    this.encode(this.batches.take());
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
