// Goal: a report's CSV opens in any spreadsheet exactly as the numbers and names were, and no
// cell that came from a person (a name, a label) can run as a formula there.
import { describe, expect, it } from 'vitest';
import { type CsvColumn, csvCell, csvFileName, toCsv } from '../src/features/reports/csv.ts';

interface Row {
  name: string;
  open: number;
  rate: number | null;
}

const columns: CsvColumn<Row>[] = [
  { header: 'Assignee', value: (row) => row.name },
  { header: 'Open', value: (row) => row.open },
  { header: 'Rate', value: (row) => row.rate },
];

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(0.5)).toBe('0.5');
  });

  it('quotes text with commas, quotes or line breaks and doubles the quotes', () => {
    expect(csvCell('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvCell('the "engine"')).toBe('"the ""engine"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('carriage\rreturn')).toBe('"carriage\rreturn"');
  });

  it('prefixes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('keeps numbers as numbers, negative ones too, and leaves missing values empty', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('does not prefix a formula character that is not first', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('ada@example.com')).toBe('ada@example.com');
  });
});

describe('toCsv', () => {
  it('writes a header line and one CRLF-separated line per row', () => {
    const rows: Row[] = [
      { name: 'Ada', open: 3, rate: 0.25 },
      { name: 'Grace, "Amazing"', open: 0, rate: null },
      { name: '=cmd|calc', open: 1, rate: 1 },
    ];
    expect(toCsv(rows, columns)).toBe(
      ['Assignee,Open,Rate', 'Ada,3,0.25', '"Grace, ""Amazing""",0,', "'=cmd|calc,1,1"].join(
        '\r\n',
      ),
    );
  });

  it('is just the header line without rows', () => {
    expect(toCsv([], columns)).toBe('Assignee,Open,Rate');
  });

  it('escapes headers too', () => {
    expect(toCsv([], [{ header: 'p50, hours', value: () => 1 }])).toBe('"p50, hours"');
  });
});

describe('csvFileName', () => {
  it('keeps only safe characters and ends in .csv', () => {
    expect(csvFileName(['Launch / Q3', 'throughput', '2026-01-01'])).toBe(
      'Launch-Q3-throughput-2026-01-01.csv',
    );
    expect(csvFileName(['///'])).toBe('report.csv');
  });
});
