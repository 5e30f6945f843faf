/**
 * Column tables from text files such as prmon's memory_monitor_output.txt
 * (Pilot 3's get_table_from_file and Analytics.extract_from_table).
 */
import { readFile } from 'node:fs/promises';

/** Column name → values, in the file's column order. */
export type Table = Record<string, number[]>;

/** Options of {@link parseTable} / {@link readTable}. */
export interface TableOptions {
  /** Column names joined by `separator`; when given, the file's first line is data too. */
  header?: string;
  /** Field separator (default tab). */
  separator?: string;
}

/** Column names from a header line: empty names (repeated separators) are skipped. */
function columnNames(line: string, separator: string): string[] {
  return line
    .split(separator)
    .map((k) => (k.endsWith('\n') ? k.slice(0, -1) : k).replace(/\r$/, ''))
    .filter((k) => k !== '');
}

/** Python's float() on a field: surrounding whitespace allowed, nothing else. */
function toFloat(field: string): number | undefined {
  const t = field.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(t)) return undefined;
  const lower = t.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower.endsWith('nan')) return NaN;
  return Number(t);
}

/**
 * Parse a separated table: the first line (or `header`) names the columns, every following
 * line fills them in order. A field that is not a number makes the whole table empty (`{}`),
 * as in Pilot 3. Unlike Pilot 3, blank lines are skipped (Pilot 3 gives up on a trailing blank
 * line) and a row with more fields than columns is cut to the columns (Pilot 3 raises).
 */
export function parseTable(text: string, options: TableOptions = {}): Table {
  const separator = options.separator ?? '\t';
  const lines = text.split('\n');
  let keys: string[] | undefined = options.header ? columnNames(options.header, separator) : undefined;
  const table: Table = Object.create(null) as Table; // column names never hit Object.prototype
  if (keys) for (const k of keys) table[k] = [];
  for (const line of lines) {
    if (!keys) {
      keys = columnNames(line, separator);
      for (const k of keys) table[k] = [];
      continue;
    }
    if (line.trim() === '') continue;
    const fields = line.split(separator);
    for (let i = 0; i < fields.length && i < keys.length; i++) {
      const v = toFloat(fields[i]!);
      if (v === undefined) return {};
      table[keys[i]!]!.push(v);
    }
  }
  return table;
}

/** Read and parse a table file; an unreadable file gives `{}` (Pilot 3's get_table). */
export async function readTable(filename: string, options: TableOptions = {}): Promise<Table> {
  let text: string;
  try {
    text = await readFile(filename, 'utf8');
  } catch {
    return {};
  }
  return parseTable(text, options);
}

/**
 * x and y series from a table: `x = table[xName]` and `y = table[yName]`, or, when `yName` is
 * "a+b", the element-wise sum of columns a and b (cut to the shorter). Missing columns → [].
 */
export function extractFromTable(table: Table, xName: string, yName: string): [number[], number[]] {
  const col = (name: string): number[] => (Object.hasOwn(table, name) ? table[name]! : []);
  const x = col(xName);
  if (!yName.includes('+')) return [x, col(yName)];
  const [n1 = '', n2 = ''] = yName.split('+');
  const y1 = col(n1);
  const y2 = col(n2);
  const n = Math.min(y1.length, y2.length);
  const y: number[] = [];
  for (let i = 0; i < n; i++) y.push(y1[i]! + y2[i]!);
  return [x, y];
}
