import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import crc32Module from 'crc-32';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipToMemory } from '../../pipeline/verify/read-release-files.ts';
import { openZipFile, renderZip, writeZipFile } from '../../pipeline/render/render-zip.ts';
import { fileAsset, memoryAsset } from '../../pipeline/release-format/asset.ts';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { Readable } from 'node:stream';
import { STAGING_ORDER } from '../../pipeline/render/render-assets.ts';
import { assetNamesOf } from '../../pipeline/release-format/names.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeWorkspace } from '../support/workspace.ts';
import { readZipEntries, type ZipEntry } from '../support/zip.ts';

const run = promisify(execFile);

/** The entries of a zip the pipeline wrote (support/zip.ts reads it by hand), each one deflated. */
function readZip(zip: Buffer): ZipEntry[] {
  const entries = readZipEntries(zip);
  for (const e of entries) expect(e.method, `${e.name} is deflated`).toBe(8);
  return entries;
}

/** Text that compresses like the real assets (repetitive, Chinese), about `size` bytes. */
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

const crc32Js = crc32Module as unknown as { buf: (data: Uint8Array | number[], seed?: number) => number };

/** The DOS date and time fields of an entry, as [years since 1980, month, day, hour, minute, second]. */
const dosFields = (e: ZipEntry): number[] => [e.date >> 9, (e.date >> 5) & 15, e.date & 31, e.time >> 11, (e.time >> 5) & 63, (e.time & 31) * 2];

/** A release of the real seeds, made once for the readers below. */
let release: string;
let zip: string;
beforeAll(async () => {
  const dir = await makeWorkspace();
  expect((await cli(dir, ['release', '--quiet'])).code).toBe(0);
  release = path.join(dir, 'dist', 'releases', 'v1.0.0');
  zip = path.join(release, 'shandong-commitments-v1.0.0.zip');
}, 60_000);

/** CRC-32 (IEEE, reflected) bit by bit: a reference independent of crc-32 and of zlib. */
function referenceCrc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

describe("archiver's CRC-32: crc-32's buf, pointed at zlib's native crc32 by render-zip.ts", () => {
  it('gives the CRC-32 of any bytes, continuing from any seed as crc-32 does (signed or not; a Buffer seed counts as 0)', () => {
    expect(crc32Js.buf.name).not.toBe('crc32_buf'); // crc-32's own function is replaced once render-zip.ts is loaded
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        const whole = referenceCrc32(bytes);
        expect(crc32Js.buf(bytes) >>> 0).toBe(whole);
        const first = crc32Js.buf(bytes.subarray(0, at));
        expect(crc32Js.buf(bytes.subarray(at), first) >>> 0).toBe(whole); // signed seed, as crc-32 returns it
        expect(crc32Js.buf(bytes.subarray(at), first >>> 0) >>> 0).toBe(whole); // unsigned, as crc32-stream keeps it
        const bufferSeed = Buffer.alloc(4) as unknown as number; // crc32-stream's first seed
        expect(crc32Js.buf(bytes, bufferSeed) >>> 0).toBe(whole);
      }),
      { numRuns: 300, seed: 20261204 },
    );
    expect(crc32Js.buf([0x61, 0x62, 0x63]) >>> 0).toBe(referenceCrc32(Buffer.from('abc'))); // a number array: crc-32's own code
  });

  it('is the function archiver calls for every entry', async () => {
    const patched = crc32Js.buf;
    let calls = 0;
    crc32Js.buf = (data, seed) => {
      calls++;
      return patched(data, seed);
    };
    try {
      const bytes = await renderZip([{ name: 'a.txt', bytes: sampleText(100_000, 3) }, { name: 'b.txt', bytes: Buffer.from('b') }], null);
      expect(calls).toBeGreaterThanOrEqual(2);
      for (const e of readZipEntries(Buffer.from(bytes))) expect(e.crc).toBe(referenceCrc32(e.name === 'a.txt' ? sampleText(100_000, 3) : Buffer.from('b')));
    } finally {
      crc32Js.buf = patched;
    }
  });
});

describe('the zip written by its own thread (openZipFile)', () => {
  it('writes what writeZipFile would, from staged files and bytes, in the order added', async () => {
    const dir = await makeTempDir({ 'big.txt': sampleText(300_000, 5) });
    const big = sampleText(300_000, 5);
    const staged = fileAsset('big.txt', path.join(dir, 'big.txt'), big.length, sha256Hex(big));
    const small = memoryAsset('small.json', Buffer.from('{"a":1}\n'));
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 6));
    const threaded = openZipFile(dir, 'threaded.zip', date);
    threaded.zip.add(staged);
    threaded.zip.add(small, { store: true });
    const zipped = await threaded.asset();
    const bytes = await readFile(path.join(dir, 'threaded.zip'));
    expect(zipped.size).toBe(bytes.length);
    expect(zipped.sha256).toBe(sha256Hex(bytes));
    const here = writeZipFile(dir, 'here.zip', date);
    here.zip.add({ name: 'big.txt', stream: () => Readable.from([sampleText(300_000, 5)]) });
    here.zip.add({ name: 'small.json', stream: () => Readable.from([Buffer.from('{"a":1}\n')]) }, { store: true });
    await here.asset();
    expect(bytes.equals(await readFile(path.join(dir, 'here.zip')))).toBe(true);
    expect(readZipEntries(bytes).map((e) => [e.name, e.method])).toEqual([['big.txt', 8], ['small.json', 0]]);
  });

  it("fails with the file-system error of its thread, errno parts and all (a staged file that is gone)", async () => {
    const dir = await makeTempDir();
    const { zip, asset } = openZipFile(dir, 'a.zip', null);
    const gone = path.join(dir, 'gone.json');
    zip.add(fileAsset('gone.json', gone, 0, sha256Hex(new Uint8Array())));
    const err = (await asset().catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err).toBeInstanceOf(Error);
    expect([err.code, err.syscall, err.path]).toEqual(['ENOENT', 'open', gone]);
  });

  it('stops when abandoned or when its signal is aborted: asset() gives the reason', async () => {
    const dir = await makeTempDir({ 'a.txt': 'a' });
    const abandoned = openZipFile(dir, 'a.zip', null);
    abandoned.zip.add(fileAsset('a.txt', path.join(dir, 'a.txt'), 1, sha256Hex(Buffer.from('a'))));
    abandoned.zip.abandon(new Error('the run failed elsewhere'));
    await expect(abandoned.asset()).rejects.toThrow('the run failed elsewhere');
    const controller = new AbortController();
    const aborted = openZipFile(dir, 'b.zip', null, controller.signal);
    controller.abort(new Error('stopped by SIGTERM'));
    await expect(aborted.asset()).rejects.toThrow('stopped by SIGTERM');
    // Names are checked where they are added, as in this thread.
    expect(() => aborted.zip.add(memoryAsset('../x', new Uint8Array()))).toThrow(/not a plain file name/);
  });
});

describe('the release zip (archiver)', () => {
  it('holds each file exactly, sorted by name, rw-r--r--, dated in UTC, compressed', async () => {
    const big = sampleText(1.5 * 1024 * 1024, 7);
    const files = [
      { name: 'b.txt', bytes: big },
      { name: 'a.json', bytes: Buffer.from('{"a":1}\n') },
      { name: 'empty.txt', bytes: new Uint8Array(0) },
      { name: 'SHA256SUMS', bytes: Buffer.from('abc  a.json\n') },
    ];
    const entries = readZip(Buffer.from(await renderZip(files, new Date(Date.UTC(2024, 5, 30, 13, 45, 58)))));
    expect(entries.map((e) => e.name)).toEqual(['SHA256SUMS', 'a.json', 'b.txt', 'empty.txt']); // byte order: uppercase first
    for (const e of entries) {
      const original = Buffer.from(files.find((f) => f.name === e.name)!.bytes);
      expect(e.data.equals(original), e.name).toBe(true);
      expect(e.size).toBe(original.length);
      expect(e.crc).toBe(crc32(original));
      expect(e.externalAttributes >>> 16).toBe(0o100644);
      expect(dosFields(e)).toEqual([2024 - 1980, 6, 30, 13, 45, 58]);
    }
    const zipSize = (await renderZip(files, null)).byteLength;
    expect(zipSize).toBeLessThan(big.length / 3);
  });

  it('is byte-identical for the same files, whatever the time zone; without a date every entry is 1980-01-01', async () => {
    const files = [{ name: 'x.json', bytes: sampleText(300_000, 11) }, { name: 'y.csv', bytes: Buffer.from('id\r\n1\r\n') }];
    const a = Buffer.from(await renderZip(files, null));
    expect(a.equals(Buffer.from(await renderZip([...files].reverse(), null)))).toBe(true);
    expect(readZip(a).map(dosFields)).toEqual([[0, 1, 1, 0, 0, 0], [0, 1, 1, 0, 0, 0]]);
    // The same zip rendered in a process whose local time is far from UTC.
    const script = `import { renderZip } from './pipeline/render/render-zip.ts';
const zip = await renderZip([{ name: 'a.txt', bytes: Buffer.from('a') }], new Date(Date.UTC(2023, 11, 31, 23, 30, 0)));
process.stdout.write(Buffer.from(zip).toString('base64'));`;
    const inZone = async (tz: string): Promise<string> =>
      (await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, env: { ...process.env, TZ: tz } })).stdout;
    const [utc, kiritimati] = await Promise.all([inZone('UTC'), inZone('Pacific/Kiritimati')]);
    expect(kiritimati).toBe(utc);
    expect(dosFields(readZip(Buffer.from(utc, 'base64'))[0]!)).toEqual([43, 12, 31, 23, 30, 0]);
  });

  it('flags a name that is not ASCII as UTF-8 (general purpose bit 11)', async () => {
    const [ascii, chinese] = readZip(Buffer.from(await renderZip([{ name: '承诺事项.csv', bytes: Buffer.from('x') }, { name: 'z.csv', bytes: Buffer.from('y') }], null)));
    expect([chinese!.name, (chinese!.flags >> 11) & 1]).toEqual(['承诺事项.csv', 1]);
    expect(ascii!.name).toBe('z.csv'); // ASCII reads the same in every encoding
    expect((await unzipToMemory(await renderZip([{ name: '承诺事项.csv', bytes: Buffer.from('x') }], null))).get('承诺事项.csv')).toEqual(new Uint8Array([0x78]));
  });

  it('refuses names other than plain file names, and a name given twice', async () => {
    for (const name of ['../evil.txt', 'sub/a.txt', '/etc/passwd', 'C:\\evil.txt', '.hidden', '']) {
      await expect(renderZip([{ name, bytes: Buffer.from('x') }], null)).rejects.toThrow(/not a plain file name/);
    }
    await expect(renderZip([{ name: 'a.txt', bytes: Buffer.from('1') }, { name: 'a.txt', bytes: Buffer.from('2') }], null)).rejects.toThrow(/given twice/);
  });
});

describe('a released zip, read by independent readers (unzip, bsdtar, Python zipfile; installed by .ci/run)', () => {
  /** Every member's bytes must equal the asset of the same name beside the zip (SHA256SUMS differs: it cannot list the zip). */
  async function expectMembersEqualAssets(extracted: string): Promise<void> {
    const names = (await readdir(extracted)).sort();
    expect(names).toEqual((await readdir(release)).filter((n) => !n.endsWith('.zip')).sort());
    for (const name of names) {
      if (name === 'SHA256SUMS') continue;
      expect((await readFile(path.join(extracted, name))).equals(await readFile(path.join(release, name))), name).toBe(true);
    }
  }

  it("holds the release's files in its staging order, each once, SHA256SUMS last; the Parquet file stored as it is, the rest deflated", async () => {
    const entries = readZipEntries(await readFile(zip));
    expect(entries.map((e) => e.name)).toEqual([...STAGING_ORDER, 'SHA256SUMS']);
    // The staging order holds every asset but the zip and its SHA256SUMS.
    const listed = assetNamesOf('1.0.0').filter((n) => n !== 'SHA256SUMS' && !n.endsWith('.zip'));
    expect([...STAGING_ORDER].sort()).toEqual(listed.sort());
    expect(entries.filter((e) => e.method === 0).map((e) => e.name)).toEqual(['commitments.parquet']);
  });

  it('unzip -t tests it clean, and unzip extracts every member as its loose asset', async () => {
    const tested = await run('unzip', ['-t', zip]);
    expect(tested.stdout).toMatch(/No errors detected in compressed data/);
    const out = await makeTempDir();
    await run('unzip', ['-q', zip, '-d', out]);
    await expectMembersEqualAssets(out);
  });

  it('bsdtar (libarchive) lists and extracts it', async () => {
    const listed = await run('bsdtar', ['-tf', zip]);
    expect(listed.stdout.trim().split('\n').sort()).toEqual((await readdir(release)).filter((n) => !n.endsWith('.zip')).sort());
    const out = await makeTempDir();
    await run('bsdtar', ['-xf', zip, '-C', out]);
    await expectMembersEqualAssets(out);
  });

  it("Python's zipfile finds no bad member, and its inner SHA256SUMS checks every member", async () => {
    const script = `import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, z.testzip()
sums = dict(line.split('  ')[::-1] for line in z.read('SHA256SUMS').decode().splitlines())
names = sorted(i.filename for i in z.infolist())
assert sorted(list(sums) + ['SHA256SUMS']) == names, (sums, names)
for name, digest in sums.items():
    assert hashlib.sha256(z.read(name)).hexdigest() == digest, name
print(len(names))`;
    const out = await makeTempDir();
    await writeFile(path.join(out, 'check.py'), script);
    const checked = await run('python3', [path.join(out, 'check.py'), zip]);
    expect(checked.stdout.trim()).toBe(String((await readdir(release)).length - 1));
  });
});
