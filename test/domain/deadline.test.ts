import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../pipeline/domain/deadline.ts';

describe('parseDeadline', () => {
  it.each([
    ['长期坚持', null, true],
    ['12月底前', '2023-12-31', false],
    ['长期坚持，12月底前取得阶段性成效', '2023-12-31', true],
    ['12月底前完成年度目标任务并持续推进', '2023-12-31', true],
    ['长期坚持，12月底前取得阶段性成效并持续推进', '2023-12-31', true],
    ['6月30日前', '2023-06-30', false],
    ['2月底前', '2023-02-28', false],
    ['十二月底前', '2023-12-31', false],
    ['１２月底前', '2023-12-31', false],
    ['年底前', '2023-12-31', false],
    ['上半年', '2023-06-30', false],
    ['三季度末', '2023-09-30', false],
    ['第一季度', '2023-03-31', false],
    ['2024年6月底前', '2024-06-30', false],
    ['2025年', '2025-12-31', false],
    ['9月中旬', '2023-09-20', false],
  ])('%s → due %s, ongoing %s', (phrase, due, ongoing) => {
    expect(parseDeadline(phrase, 2023)).toEqual({ due, ongoing, understood: true });
  });

  it('uses the commitment year for dates without a year (leap years included)', () => {
    expect(parseDeadline('2月底前', 2024).due).toBe('2024-02-29');
  });

  it.each(['尽快', '看情况', '13月底前', '2月30日前'])('"%s" is not understood', (phrase) => {
    expect(parseDeadline(phrase, 2023)).toEqual({ due: null, ongoing: false, understood: false });
  });
});
