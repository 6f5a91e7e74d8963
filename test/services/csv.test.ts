/**
 * CSV in and out: exports quote every cell and neutralise what a spreadsheet would run as a formula;
 * an uploaded results file is read row by row and every problem is told in users' words with its
 * 1-based row.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/services/csv.js';
import { parseCsvRows, parseResultsFile } from '../../src/services/results-file.js';

describe('CSV exports (src/services/csv.ts)', () => {
  it('quotes every cell, doubles quotes and ends each line with CRLF', () => {
    expect(toCsv(['uid', 'note'], [['PA01000001', 'said "yes", twice'], ['PA01000002', null], [true, 3]])).toBe(
      '"uid","note"\r\n"PA01000001","said ""yes"", twice"\r\n"PA01000002",""\r\n"true","3"\r\n',
    );
  });

  it('neutralises cells a spreadsheet would run: = + - @ tab and carriage return', () => {
    expect(toCsv(['=SUM(A1)'], [['+1', '-2', '@cmd', '\tx', '\ry', 'a=b']])).toBe('"\'=SUM(A1)"\r\n"\'+1","\'-2","\'@cmd","\'\tx","\'\ry","a=b"\r\n');
  });
});

describe('results files (src/services/results-file.ts)', () => {
  it('reads quoted cells, mixed line ends and a byte-order mark, skipping blank rows, with each row\'s line', () => {
    expect(parseCsvRows('\uFEFFrequirement,result\r\nAC.L1-b.1.i,MET\n\n"AC.L1-b.1.ii", "not met"\n , \nIA.L1-b.1.v,"N/A"\r\n')).toEqual({
      rows: [
        { line: 1, cells: ['requirement', 'result'] },
        { line: 2, cells: ['AC.L1-b.1.i', 'MET'] },
        { line: 4, cells: ['AC.L1-b.1.ii', 'not met'] },
        { line: 6, cells: ['IA.L1-b.1.v', 'N/A'] },
      ],
    });
  });

  it('names the row whose quoted cell is never closed, in users\' words', () => {
    expect(parseResultsFile('L1_SELF', 'results.csv', 'AC.L1-b.1.i,MET\n\nAC.L1-b.1.ii,"MET\nIA.L1-b.1.v,MET\n')).toEqual({
      ok: false,
      kind: 'csv',
      problems: [{ row: 3, path: 'row 3', message: 'a quoted cell is never closed: a cell that starts with " must end with "' }],
    });
  });

  it('reports a row with three cells and a repeated requirement against their rows', () => {
    const parsed = parseResultsFile('L1_SELF', 'results.csv', 'AC.L1-b.1.i,MET,extra\nAC.L1-b.1.ii,MET\nAC.L1-b.1.ii,NOT MET\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.slice(0, 2)).toEqual([
      { row: 1, path: 'row 1', message: 'a row has two cells: requirement, result' },
      { row: 3, path: 'results.AC.L1-b.1.ii', message: 'AC.L1-b.1.ii already has a result on row 2' },
    ]);
  });
});
