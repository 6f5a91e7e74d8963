/** CSV exports (verifications, UID lists, flowdown registers), written by csv-stringify. */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) gets a
 * leading apostrophe, so a name typed into AwardGate stays text in Excel or LibreOffice (OWASP
 * "CSV injection"). Applied to every cell of every export, header included.
 */
export function neutralise(v: CsvCell): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** CSV with every cell quoted and CRLF line ends (RFC 4180), each cell neutralised. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header, ...rows].map((r) => r.map(neutralise)), { quoted: true, quoted_empty: true, record_delimiter: 'windows' });
}
