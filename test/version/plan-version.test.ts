import { describe, expect, it } from 'vitest';
import type { DatasetDiff } from '../../pipeline/diff/diff-datasets.ts';
import { compareVersions } from '../../pipeline/release-format/versions.ts';
import { planVersion } from '../../pipeline/version/plan-version.ts';
import { makeCity, makeRecord } from '../support/builders.ts';

const record = makeRecord({ id: 'x', seq: 1 });
const diff = (over: Partial<DatasetDiff['summary']>, changes: DatasetDiff['changes'] = []): DatasetDiff => ({
  summary: { added: 0, removed: 0, modified: 0, renumbered: 0, weakened: 0, ...over },
  changes,
});

describe('planVersion', () => {
  it.each([
    ['first release', null, diff({ added: 45 }), '1.0.0', 'initial'],
    ['an id is gone', '1.4.2', diff({ removed: 1, added: 3, modified: 2 }, [{ type: 'removed', scope: 'commitment', id: 'x', before: record }]), '2.0.0', 'major'],
    ['commitments added', '1.4.2', diff({ added: 1, modified: 18 }, [{ type: 'added', scope: 'commitment', id: 'x', after: record }]), '1.5.0', 'minor'],
    ['a city added', '1.4.2', diff({}, [{ type: 'added', scope: 'city', city: '济南市', year: 2023, after: makeCity() }]), '1.5.0', 'minor'],
    ['values changed', '1.4.2', diff({ modified: 1 }, [{ type: 'modified', scope: 'commitment', id: 'x', matchedBy: 'text', fields: { seq: { before: 1, after: 2 } } }]), '1.4.3', 'patch'],
    ['a contact changed', '1.4.2', diff({}, [{ type: 'modified', scope: 'city', city: '济南市', year: 2023, fields: { contact: { before: null, after: null } } }]), '1.4.3', 'patch'],
  ])('%s', (_name, previous, d, to, bump) => {
    expect(planVersion(previous, d)).toMatchObject({ from: previous, to, bump });
  });

  it('nothing changed: no release', () => {
    expect(planVersion('1.4.2', diff({}))).toBeNull();
  });

  it('an incompatible format change is major', () => {
    expect(planVersion('1.4.2', diff({ modified: 1 }, [{ type: 'modified', scope: 'commitment', id: 'x', matchedBy: 'id', fields: {} }]), true)?.to).toBe('2.0.0');
  });

  it('compares versions numerically', () => {
    expect(['1.10.0', '1.2.0', '2.0.0', '1.2.10', '1.2.9'].sort(compareVersions)).toEqual(['1.2.0', '1.2.9', '1.2.10', '1.10.0', '2.0.0']);
  });
});
