import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateBytes, EntryDeflater, prefixedEntry } from '../../pipeline/render/deflate.ts';
import { removeParts, renderZip, writeZipFile } from '../../pipeline/render/render-zip.ts';

/** What a zip holds, read from its central directory by hand (independently of the writer and of yauzl). */
interface ReadEntry {
  name: string;
  crc: number;
  size: number;
  compressedSize: number;
  data: Buffer;
  time: number;
  date: number;
  externalAttributes: number;
  zip64: boolean;
}

function readZip(zip: Buffer): { entries: ReadEntry[]; zip64End: boolean } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  let count = zip.readUInt16LE(eocd + 10);
  let cdSize = zip.readUInt32LE(eocd + 12);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  let zip64End = false;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    expect(zip.readUInt32LE(locator)).toBe(0x07064b50);
    const record = Number(zip.readBigUInt64LE(locator + 8));
    expect(zip.readUInt32LE(record)).toBe(0x06064b50);
    count = Number(zip.readBigUInt64LE(record + 32));
    cdSize = Number(zip.readBigUInt64LE(record + 40));
    cdOffset = Number(zip.readBigUInt64LE(record + 48));
    zip64End = true;
  }
  const entries: ReadEntry[] = [];
  let at = cdOffset;
  for (let k = 0; k < count; k++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const name = zip.toString('ascii', at + 46, at + 46 + nameLength);
    let compressedSize = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    let offset = zip.readUInt32LE(at + 42);
    const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    let zip64 = false;
    if (extra.length > 0) {
      expect(extra.readUInt16LE(0)).toBe(0x0001);
      let p = 4;
      if (size === 0xffffffff) (size = Number(extra.readBigUInt64LE(p))), (p += 8);
      if (compressedSize === 0xffffffff) (compressedSize = Number(extra.readBigUInt64LE(p))), (p += 8);
      if (offset === 0xffffffff) offset = Number(extra.readBigUInt64LE(p));
      zip64 = true;
    }
    expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
    expect(zip.readUInt16LE(offset + 8)).toBe(8); // deflate
    const localName = zip.readUInt16LE(offset + 26);
    const localExtra = zip.readUInt16LE(offset + 28);
    const start = offset + 30 + localName + localExtra;
    const data = inflateRawSync(zip.subarray(start, start + compressedSize));
    entries.push({
      name,
      crc: zip.readUInt32LE(at + 16),
      size,
      compressedSize,
      data,
      time: zip.readUInt16LE(at + 12),
      date: zip.readUInt16LE(at + 14),
      externalAttributes: zip.readUInt32LE(at + 38),
      zip64,
    });
    at += 46 + nameLength + extraLength + zip.readUInt16LE(at + 32);
  }
  expect(at).toBe(cdOffset + cdSize);
  return { entries, zip64End };
}

/** The files yauzl (an unzip library with its own checks) reads from the zip. */
function yauzlFiles(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, file) => {
      if (err || !file) return reject(err);
      const out = new Map<string, Buffer>();
      file.on('error', reject);
      file.on('end', () => resolve(out));
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** Text that compresses like the real assets (repetitive, Chinese), `size` bytes or a little more. */
function sampleText(size: number, seed: number): Buffer {
  const parts: string[] = [];
  let n = 0;
  let x = seed;
  while (n < size) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const line = `{"id":"2023-370100-${x % 1000}","text":"新增高新技术企业${x % 997}家，城市更新项目${x % 89}个"}\n`;
    parts.push(line);
    n += Buffer.byteLength(line);
  }
  return Buffer.from(parts.join(''));
}

describe('the release zip (hand-written, parallel deflate)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zip-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('entries deflated in 1 MiB blocks on several threads inflate to the exact bytes, with the right CRC-32 and sizes', async () => {
    const big = sampleText(3.5 * 1024 * 1024, 7); // four blocks, the last one short
    const exact = sampleText(2 * 1024 * 1024, 3).subarray(0, 2 * 1024 * 1024); // exactly two blocks: an empty last block
    const files = [
      { name: 'b.txt', bytes: big },
      { name: 'a.json', bytes: exact },
      { name: 'empty.txt', bytes: new Uint8Array(0) },
      { name: 'SHA256SUMS', bytes: Buffer.from('abc  a.json\n') },
    ];
    const zip = Buffer.from(await renderZip(files, new Date(Date.UTC(2024, 5, 30, 13, 45, 58))));
    const { entries, zip64End } = readZip(zip);
    expect(zip64End).toBe(false);
    expect(entries.map((e) => e.name)).toEqual(['SHA256SUMS', 'a.json', 'b.txt', 'empty.txt']); // sorted, uppercase first
    for (const e of entries) {
      const original = Buffer.from(files.find((f) => f.name === e.name)!.bytes);
      expect(e.data.equals(original), e.name).toBe(true);
      expect(e.size).toBe(original.length);
      expect(e.crc).toBe(crc32(original));
      expect(e.zip64).toBe(false);
      expect(e.externalAttributes >>> 16).toBe(0o100644);
      expect([e.date >> 9, (e.date >> 5) & 15, e.date & 31, e.time >> 11, (e.time >> 5) & 63, (e.time & 31) * 2]).toEqual([2024 - 1980, 6, 30, 13, 45, 58]);
    }
    // Compression works across blocks (each block sees the 32 KiB before it).
    expect(entries.find((e) => e.name === 'b.txt')!.compressedSize).toBeLessThan(big.length / 3);
    const unzipped = await yauzlFiles(zip);
    expect([...unzipped.keys()].sort()).toEqual(entries.map((e) => e.name).sort());
    expect(unzipped.get('b.txt')!.equals(big)).toBe(true);
  });

  it('is byte-identical for the same input however the bytes were fed to the deflater', async () => {
    const text = sampleText(2.6 * 1024 * 1024, 11);
    const whole = await deflateBytes('x.json', text);
    const fed = new EntryDeflater('x.json', null);
    for (let at = 0, step = 1; at < text.length; at += step, step = (step * 7 + 13) % 300_000 + 1) await fed.write(text.subarray(at, Math.min(text.length, at + step)));
    const pieces = await fed.finish();
    expect(Buffer.concat(pieces.pieces as Uint8Array[]).equals(Buffer.concat(whole.pieces as Uint8Array[]))).toBe(true);
    const a = await renderZip([{ name: 'x.json', bytes: text }], null);
    const b = await renderZip([{ name: 'x.json', bytes: text }], null);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(readZip(Buffer.from(a)).entries[0]!.date).toBe((0 << 9) | (1 << 5) | 1); // no date: 1980-01-01
  });

  it('an entry "prefix + another entry" reuses that entry’s compressed stream behind a stored block', async () => {
    const csv = sampleText(1.5 * 1024 * 1024, 5);
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const csvEntry = await deflateBytes('commitments.csv', csv);
    const excel = prefixedEntry('commitments-excel.csv', bom, csvEntry, crc32(Buffer.concat([bom, csv])));
    const file = path.join(dir, 'prefixed.zip');
    writeZipFile(file, [csvEntry, excel], null);
    const { entries } = readZip(await readFile(file));
    expect(entries.map((e) => e.name)).toEqual(['commitments-excel.csv', 'commitments.csv']);
    expect(entries[0]!.data.equals(Buffer.concat([bom, csv]))).toBe(true);
    expect(entries[0]!.crc).toBe(crc32(Buffer.concat([bom, csv])));
    expect(entries[0]!.compressedSize).toBe(csvEntry.compressedSize + 8);
    expect(entries[1]!.data.equals(csv)).toBe(true);
    expect((await yauzlFiles(await readFile(file))).get('commitments-excel.csv')!.subarray(0, 3).equals(bom)).toBe(true);
  });

  it('writes ZIP64 records when asked (as a 4 GiB entry would need), and readers follow them', async () => {
    const text = sampleText(200_000, 2);
    const zip = Buffer.from(await renderZip([{ name: 'a.txt', bytes: text }, { name: 'b.txt', bytes: Buffer.from('b') }], null, { forceZip64: true }));
    const { entries, zip64End } = readZip(zip);
    expect(zip64End).toBe(true);
    expect(entries.every((e) => e.zip64)).toBe(true);
    expect(entries[0]!.data.equals(text)).toBe(true);
    const unzipped = await yauzlFiles(zip);
    expect(unzipped.get('a.txt')!.equals(text)).toBe(true);
    expect(unzipped.get('b.txt')!.toString()).toBe('b');
  });

  it('part files go to the folder given and are removed once the zip holds them; names other than plain file names are refused', async () => {
    const deflater = new EntryDeflater('c.json', path.join(dir, 'c.json.zip-part'));
    await deflater.write(sampleText(1.2 * 1024 * 1024, 9));
    const entry = await deflater.finish();
    expect(await readdir(dir)).toContain('c.json.zip-part');
    writeZipFile(path.join(dir, 'c.zip'), [entry], null);
    removeParts([entry]);
    expect(await readdir(dir)).not.toContain('c.json.zip-part');
    for (const name of ['../evil.txt', 'sub/a.txt', '/etc/passwd', 'C:\\evil.txt', '.hidden', '']) {
      await expect(renderZip([{ name, bytes: Buffer.from('x') }], null)).rejects.toThrow(/not a plain file name/);
    }
    await expect(renderZip([{ name: 'a.txt', bytes: Buffer.from('1') }, { name: 'a.txt', bytes: Buffer.from('2') }], null)).rejects.toThrow(/given twice/);
  });
});
