/**
 * Builds large UTF-8 outputs from many small strings without ever holding one giant
 * string: V8 strings stop at about 512 M characters, a million-record asset passes that.
 */
export class Utf8Builder {
  private readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  private pendingLength = 0;

  push(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
    this.pendingLength = 0;
  }

  /** The bytes written so far, as one buffer. */
  finish(): Uint8Array {
    this.flush();
    const whole = Buffer.concat(this.chunks);
    // A large Buffer owns its memory: viewed as a plain Uint8Array, not copied again. A small
    // one may share Node's pool, so it is copied out.
    return whole.byteLength >= 4096 && whole.byteOffset === 0 && whole.buffer.byteLength === whole.byteLength
      ? new Uint8Array(whole.buffer, 0, whole.byteLength)
      : new Uint8Array(whole);
  }
}
