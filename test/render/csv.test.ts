import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula, renderCsv } from '../../pipeline/render/render-csv.ts';
import { makeCity, makeRecord } from '../support/builders.ts';

describe('CSV rendering', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+cmd|" /C calc"!A0', '\'+cmd|" /C calc"!A0'],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['＝HYPERLINK("x")', '\'＝HYPERLINK("x")'],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
  ])('neutralises a formula-like cell %j', (value, expected) => {
    expect(neutralizeFormula(value)).toBe(expected);
  });

  it.each(['0531-5170706', '+86 531 85911852', '-5', '2023-370100-001', '长期坚持', '权娜', '5.5%以上'])('leaves ordinary value %j alone', (value) => {
    expect(neutralizeFormula(value)).toBe(value);
  });

  it('writes RFC 4180 CSV: CRLF, quoting, the city contact on every row; the data as it is, the Excel copy with a BOM and the formula guard', () => {
    const dataset = {
      records: [
        makeRecord({ id: 'a-1', seq: 1, text: '含有,逗号和"引号"的文字', responsible: ['刘强', '于海田'] }),
        makeRecord({ id: 'a-2', seq: 2, text: '=1+1' }),
        makeRecord({ id: 'a-3', seq: 3, text: ' 前后有空格 ', deadline: '长期坚持', due: null, ongoing: true }),
      ],
      cities: [makeCity()],
    };
    const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const csv = decode(renderCsv(dataset, 'plain'));
    expect(csv.split('\r\n')).toEqual([
      'id,year,city,city_code,seq,text,deadline,due,ongoing,responsible,contact_name,contact_phone',
      'a-1,2023,济南市,370100,1,"含有,逗号和""引号""的文字",12月底前,2023-12-31,false,刘强、于海田,权娜,0531-5170706',
      'a-2,2023,济南市,370100,2,=1+1,12月底前,2023-12-31,false,刘强,权娜,0531-5170706',
      // Leading or trailing spaces are quoted: some readers trim unquoted fields.
      'a-3,2023,济南市,370100,3," 前后有空格 ",长期坚持,,true,刘强,权娜,0531-5170706',
      '',
    ]);
    const excel = decode(renderCsv(dataset, 'excel'));
    expect(excel).toBe(`\ufeff${csv.replace('2,=1+1,', "2,'=1+1,")}`);
    const rows = parse(csv) as string[][];
    expect(rows.slice(1).map((r) => r[5])).toEqual(dataset.records.map((r) => r.text));
  });

  it('any field survives a round trip through a CSV parser (quotes, commas, CR, LF, spaces)', () => {
    let seed = 11;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['"', ',', '\r', '\n', ' ', 'a', '推', '进', '=', "'", '\t'];
    const records = Array.from({ length: 200 }, (_, i) =>
      makeRecord({ id: `r-${i}`, seq: i + 1, text: `x${Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')}` }),
    );
    const rows = parse(new TextDecoder().decode(renderCsv({ records, cities: [makeCity()] }, 'plain'))) as string[][];
    expect(rows.slice(1).map((r) => r[5])).toEqual(records.map((r) => r.text));
  });
});
