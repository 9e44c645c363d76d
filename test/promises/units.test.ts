import { describe, expect, it } from 'vitest';
import { readChineseNumeral, readQuantityAt, readSpanValue, scaleDecimal } from '../../pipeline/promises/units.ts';

describe('scaleDecimal', () => {
  it.each<[string, number, number]>([
    ['23.4', 4, 234000],
    ['14.4', 4, 144000],
    ['0.07', 4, 700],
    ['1.2', 12, 1200000000000],
    ['2.75', 0, 2.75],
    ['2.75', 1, 27.5],
    ['700', 8, 70000000000],
    ['0', 8, 0],
  ])('%s × 10^%i = %d (exactly)', (numeral, exponent, expected) => {
    expect(scaleDecimal(numeral, exponent)).toBe(expected);
  });

  it('is exact where a float multiply is not', () => {
    expect(0.07 * 10000).not.toBe(700);
    expect(scaleDecimal('0.07', 4)).toBe(700);
    expect(4.35 * 100).not.toBe(435);
    expect(scaleDecimal('4.35', 2)).toBe(435);
  });
});

describe('readQuantityAt', () => {
  it.each<[string, { value: number; unit: string; end: number; more?: boolean; glued?: string | null }]>([
    ['5.5%以上，', { value: 5.5, unit: '%', end: 6, glued: '>=' }],
    ['6200余名专员', { value: 6200, unit: '名', end: 6, more: true }],
    ['2万余人', { value: 20000, unit: '人', end: 4, more: true }],
    ['100多万人', { value: 1000000, unit: '人', end: 6, more: true }],
    ['1300万人次、', { value: 13000000, unit: '人次', end: 7 }],
    ['3个工作日内', { value: 3, unit: '个工作日', end: 6, glued: '<=' }],
    ['2个百分点', { value: 2, unit: '个百分点', end: 5 }],
    ['1,300人', { value: 1300, unit: '人', end: 6 }],
    ['１２．５％', { value: 12.5, unit: '%', end: 5 }],
    ['3家庭', { value: 3, unit: '', end: 1 }],
    ['6200余，', { value: 6200, unit: '', end: 4, more: false }],
  ])('%s', (text, expected) => {
    expect(readQuantityAt(text, 0)).toMatchObject(expected);
  });

  it('returns null where there is no digit', () => {
    expect(readQuantityAt('十家', 0)).toBeNull();
  });
});

describe('readChineseNumeral and readSpanValue', () => {
  it.each<[string, number | null]>([
    ['三', 3],
    ['十', 10],
    ['十二', 12],
    ['两千三百', 2300],
    ['一千零五', 1005],
    ['三万', 30000],
    ['十万', 100000],
    ['一亿五千万', 150000000],
    ['一万亿', 1000000000000],
    ['三家', null],
    ['', null],
  ])('%s → %s', (numeral, value) => {
    expect(readChineseNumeral(numeral)).toBe(value);
  });

  it.each<[string, number | null]>([
    ['700亿元', 70000000000],
    ['5.5%以上', 5.5],
    ['6200余名', 6200],
    ['１０００家', 1000],
    ['三项', 3],
    ['两万人', 20000],
    ['正式通航', null],
  ])('the span %s states %s', (span, value) => {
    expect(readSpanValue(span)).toBe(value);
  });
});
