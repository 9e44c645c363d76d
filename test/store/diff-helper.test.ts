import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffChars } from '../../pipeline/diff/char-diff.mjs';
import { DiffHelper } from '../../pipeline/store/diff-helper.ts';

/** The nice value of each thread of this process (Linux /proc), by thread id. */
function niceValues(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return out;
}

describe('the diff helper thread', () => {
  it('answers character diffs as diffChars does, and runs below the main thread’s priority', async () => {
    const before = niceValues();
    const helper = new DiffHelper([]);
    helper.request('新增高新技术企业900家。', '新增高新技术企业1000家。');
    helper.request('加快建设强省会', '加快建成强省会');
    await helper.digests;
    // A thread that was not there before runs at nice 10; this one keeps its own.
    const after = niceValues();
    expect([...after].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice)).toContain(10);
    const self = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    expect(after.get(self)).toBe(before.get(self));
    const lookup = await helper.charDiffs();
    expect(lookup('新增高新技术企业900家。', '新增高新技术企业1000家。')).toEqual(diffChars('新增高新技术企业900家。', '新增高新技术企业1000家。'));
    expect(lookup('加快建设强省会', '加快建成强省会')).toEqual([['=', '加快建'], ['-', '设'], ['+', '成'], ['=', '强省会']]);
  });
});
