/**
 * Joins many small strings into batches of about `size` characters, so that each batch
 * is encoded with one call (one Buffer.write or Buffer.from per batch, not per piece)
 * while no string ever grows large (V8 strings stop at about 512 M characters).
 */
export class StringBatches {
  private pending: string[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  /** Whether no piece is waiting. */
  get empty(): boolean {
    return this.pending.length === 0;
  }

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
 * Pieces known to be ASCII (pushAscii) are batched apart from the others and copied as
 * bytes: joined with a piece of Chinese text, they would become a two-byte string that
 * encodes ten times slower.
 */
export class Utf8Builder {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  private readonly batches = new StringBatches(1 << 14);
  /** Whether the pieces waiting in `batches` are all ASCII. */
  private ascii = false;

  push(text: string): void {
    if (this.ascii) this.switchTo(false);
    const batch = this.batches.push(text);
    if (batch !== null) this.encode(batch, false);
  }

  /** Adds a piece the caller knows is ASCII only (its UTF-8 bytes are its characters). */
  pushAscii(text: string): void {
    if (!this.ascii) this.switchTo(true);
    const batch = this.batches.push(text);
    if (batch !== null) this.encode(batch, true);
  }

  private switchTo(ascii: boolean): void {
    if (!this.batches.empty) this.encode(this.batches.take(), this.ascii);
    this.ascii = ascii;
  }

  private encode(text: string, ascii: boolean): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 4 for 2).
    const room = ascii ? text.length : text.length * 3;
    if (this.used + room > this.block.length) {
      if (this.used > 0) this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK, room));
      this.used = 0;
    }
    this.used += this.block.write(text, this.used, ascii ? 'latin1' : 'utf8');
  }

  /** The bytes written, as one plain Uint8Array. */
  finish(): Uint8Array {
    this.encode(this.batches.take(), this.ascii);
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
    this.ascii = false;
    return out;
  }
}
