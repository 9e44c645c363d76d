/**
 * changes.json writes renumberings from a template (render-json.ts changeJson): its lines
 * must be exactly JSON.stringify's, whatever the change objects look like.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderChangesJson } from '../../pipeline/render/render-json.ts';
import type { Change, ChangesFile } from '../../pipeline/schemas/release.ts';
import { FC_SEED, runs } from '../support/property/arbitraries.ts';

const file = (changes: unknown[]): ChangesFile => ({
  formatVersion: 1,
  from: '1.0.0',
  to: '1.0.1',
  bump: 'patch',
  summary: { added: 0, removed: 0, modified: changes.length },
  changes: changes as Change[],
});

/** The change lines of a rendered changes.json, as written. */
function changeLines(changes: unknown[]): string[] {
  const text = Buffer.from(renderChangesJson(file(changes))).toString('utf8');
  const lines = text.split('\n');
  const from = lines.indexOf('  "changes": [') + 1;
  return lines.slice(from, lines.indexOf('  ]', from)).map((l) => l.slice(4).replace(/,$/, ''));
}

const numberArb = fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.constantFrom(-0, 0.5, 1e21, 2 ** 53, Number.MAX_SAFE_INTEGER, NaN, Infinity));
const textArb = fc.oneof(fc.constantFrom('2023-370100-001', 'id', 'similarity', '', 'a"b', 'a\\b', '编号', 'line\nbreak', '\u2028'), fc.string());

/** Renumbering-like objects: sometimes exactly the shape, sometimes keys reordered, added or missing. */
const changeArb = fc
  .record({
    id: textArb,
    matchedBy: textArb,
    before: numberArb,
    after: numberArb,
    extraField: fc.boolean(),
    extraKey: fc.boolean(),
    seqOrder: fc.boolean(),
    keyOrder: fc.boolean(),
    scope: fc.constantFrom('commitment', 'city'),
    type: fc.constantFrom('modified', 'added'),
  })
  .map((r) => {
    const seq = r.seqOrder ? { before: r.before, after: r.after } : { after: r.after, before: r.before };
    const fields: Record<string, unknown> = { seq };
    if (r.extraField) fields.text = { before: 'a', after: 'b', diff: [['-', 'a'], ['+', 'b']] };
    const change: Record<string, unknown> = r.keyOrder
      ? { type: r.type, scope: r.scope, id: r.id, matchedBy: r.matchedBy, fields }
      : { type: r.type, scope: r.scope, matchedBy: r.matchedBy, id: r.id, fields };
    if (r.extraKey) change.note = 'x';
    return change;
  });

describe('changes.json lines', () => {
  it('a renumbering is written exactly as JSON.stringify writes it (template)', () => {
    const change = { type: 'modified', scope: 'commitment', id: '2023-370100-004', matchedBy: 'id', fields: { seq: { before: 4, after: 5 } } };
    expect(changeLines([change])).toEqual(['{"type":"modified","scope":"commitment","id":"2023-370100-004","matchedBy":"id","fields":{"seq":{"before":4,"after":5}}}']);
  });

  it('any change object gives JSON.stringify’s line (property)', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { minLength: 1, maxLength: 5 }), (changes) => {
        expect(changeLines(changes)).toEqual(changes.map((c) => JSON.stringify(c)));
      }),
      { seed: FC_SEED, numRuns: runs(500) },
    );
  });
});
