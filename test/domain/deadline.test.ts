import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../pipeline/domain/deadline.ts';

describe('parseDeadline', () => {
  it.each([
    // The phrases of the 2023 article.
    ['长期坚持', null, true],
    ['12月底前', '2023-12-31', false],
    ['长期坚持，12月底前取得阶段性成效', '2023-12-31', true],
    ['12月底前完成年度目标任务并持续推进', '2023-12-31', true],
    ['长期坚持，12月底前取得阶段性成效并持续推进', '2023-12-31', true],
    // Month ends and parts of a month.
    ['6月底前', '2023-06-30', false],
    ['6月末', '2023-06-30', false],
    ['6月份', '2023-06-30', false],
    ['6月前', '2023-06-30', false],
    ['2月底前', '2023-02-28', false],
    ['十二月底前', '2023-12-31', false],
    ['１２月底前', '2023-12-31', false],
    ['9月上旬', '2023-09-10', false],
    ['9月中旬', '2023-09-20', false],
    ['9月下旬', '2023-09-30', false],
    // Explicit dates.
    ['6月30日前', '2023-06-30', false],
    ['12月31日', '2023-12-31', false],
    ['十月一日前', '2023-10-01', false],
    ['2024年6月30日前', '2024-06-30', false],
    ['2024-06-30', '2024-06-30', false],
    // Quarters.
    ['一季度', '2023-03-31', false],
    ['二季度', '2023-06-30', false],
    ['第一季度', '2023-03-31', false],
    ['第三季度末', '2023-09-30', false],
    ['三季度末', '2023-09-30', false],
    ['4季度', '2023-12-31', false],
    ['2024年一季度', '2024-03-31', false],
    // Halves and the year's end.
    ['上半年', '2023-06-30', false],
    ['下半年', '2023-12-31', false],
    ['年中', '2023-06-30', false],
    ['年底前', '2023-12-31', false],
    ['年内', '2023-12-31', false],
    ['年内完成', '2023-12-31', false],
    ['今年内', '2023-12-31', false],
    ['全年', '2023-12-31', false],
    ['2024年上半年', '2024-06-30', false],
    // Later years.
    ['2024年6月底前', '2024-06-30', false],
    ['2025年', '2025-12-31', false],
    ['到2025年', '2025-12-31', false],
    ['2025年底前', '2025-12-31', false],
    ['2025年年底前', '2025-12-31', false],
    ['2025年末', '2025-12-31', false],
    ['2024年中', '2024-06-30', false],
    ['二〇二四年底前', '2024-12-31', false],
    ['明年底前', '2024-12-31', false],
    ['明年6月底前', '2024-06-30', false],
    ['2023—2025年', '2025-12-31', false],
    // Several dates: the latest is due; a year carries to the dates after it.
    ['6月底前启动，12月底前完成', '2023-12-31', false],
    ['2024年3月底前启动，6月底前完成', '2024-06-30', false],
    ['上半年启动，三季度末完成', '2023-09-30', false],
    ['6月底前完成全年任务', '2023-06-30', false],
    // Ongoing, alone or with a date.
    ['持续推进', null, true],
    ['常态化开展', null, true],
    ['长期坚持，年底前见效', '2023-12-31', true],
    ['长期坚持，2025年底前全面完成', '2025-12-31', true],
    ['持续推进，6月30日前完成阶段任务', '2023-06-30', true],
    ['每年12月底前', '2023-12-31', true],
  ])('%s → due %s, ongoing %s', (phrase, due, ongoing) => {
    expect(parseDeadline(phrase, 2023)).toEqual({ due, ongoing, understood: true });
  });

  it('uses the commitment year for dates without a year (leap years included)', () => {
    expect(parseDeadline('2月底前', 2024).due).toBe('2024-02-29');
    expect(parseDeadline('明年2月底前', 2023).due).toBe('2024-02-29');
    expect(parseDeadline('年底前', 2031).due).toBe('2031-12-31');
  });

  it.each(['尽快', '看情况', '适时完成', '根据上级部署', '13月底前', '2月30日前', '2024-13-01'])('"%s" is not understood', (phrase) => {
    expect(parseDeadline(phrase, 2023)).toEqual({ due: null, ongoing: false, understood: false });
  });
});
