import { describe, expect, it } from 'vitest';
import { listSeedFiles, mapSeedFiles } from '../../pipeline/seeds/load-seeds.ts';
import { makeTempDir } from '../support/temp-dir.ts';

describe('mapSeedFiles: files read a few ahead, checked one at a time', () => {
  it('checks every file once, in path order, with its own bytes, however the reads finish', async () => {
    const files: Record<string, string> = {};
    // Sizes vary so the reads ahead finish out of order.
    for (let i = 0; i < 40; i++) files[`${2000 + (i % 7)}/city-${String(i).padStart(2, '0')}.json`] = `{"n":${i}}`.padEnd(10 + ((i * 7919) % 300_000), ' ');
    const dir = await makeTempDir(files);
    const checked: Array<[string, string]> = [];
    const results = await mapSeedFiles(dir, dir, (file) => {
      checked.push([file.relativePath, Buffer.from(file.bytes).toString('utf8').trimEnd()]);
      return file.relativePath;
    });
    const order = await listSeedFiles(dir);
    expect(order).toEqual(Object.keys(files).sort());
    expect(results).toEqual(order);
    expect(checked).toEqual(order.map((rel) => [rel, files[rel]!.trimEnd()]));
  });

  it('a check that throws stops it there: the files after are not checked', async () => {
    const dir = await makeTempDir(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`2023/c${String(i).padStart(2, '0')}.json`, '{}'])));
    const seen: string[] = [];
    await expect(
      mapSeedFiles(dir, dir, (file) => {
        seen.push(file.relativePath);
        if (file.relativePath === '2023/c05.json') throw new Error('refused c05');
      }),
    ).rejects.toThrow('refused c05');
    expect(seen).toEqual(['2023/c00.json', '2023/c01.json', '2023/c02.json', '2023/c03.json', '2023/c04.json', '2023/c05.json']);
  });
});
