import { describe, expect, it } from 'vitest';
import { diffDatasets, isRenumbering } from '../../pipeline/diff/diff-datasets.ts';
import { makeDataset, makeRecord } from '../support/builders.ts';

describe('diffDatasets', () => {
  it('a field a release made before it existed leaves out means its registry "absent" value: no change on its own', () => {
    const old = makeRecord({ id: 'a', seq: 1 });
    delete (old as { basis?: unknown }).basis; // as commitments.json had it before basis existed
    delete (old as { targets?: unknown }).targets;
    const now = makeRecord({ id: 'a', seq: 1, basis: null, targets: [] });
    expect(diffDatasets(makeDataset([old]), makeDataset([now])).changes).toEqual([]);
    const cited = makeRecord({ id: 'a', seq: 1, basis: '济政发〔2023〕5号' });
    expect(diffDatasets(makeDataset([old]), makeDataset([cited])).changes).toEqual([
      { type: 'modified', scope: 'commitment', id: 'a', matchedBy: 'id', fields: { basis: { before: null, after: '济政发〔2023〕5号' } }, effects: [], weakened: false },
    ]);
  });

  it('counts renumberings apart: modifications whose only change is their seq', () => {
    const text = (id: string): string => `承诺事项${id}的文字。`;
    const before = makeDataset(['a', 'b', 'c'].map((id, i) => makeRecord({ id, seq: i + 1, text: text(id) })));
    const after = makeDataset([makeRecord({ id: 'b', seq: 1, text: text('b') }), makeRecord({ id: 'c', seq: 2, text: '改写后的第三项承诺。' }), makeRecord({ id: 'd', seq: 3, text: text('d') })]);
    const diff = diffDatasets(before, after);
    expect(diff.summary).toEqual({ added: 1, removed: 1, modified: 2, renumbered: 1, weakened: 0 });
    const modified = diff.changes.flatMap((c) => (c.type === 'modified' && c.scope === 'commitment' ? [[c.id, isRenumbering(c.fields)]] : []));
    expect(modified).toEqual([['b', true], ['c', false]]);
  });
});
