/** Column name → values, in the file's column order. */
export type Table = Record<string, number[]>;
/** Options of {@link parseTable} / {@link readTable}. */
export interface TableOptions {
    /** Column names joined by `separator`; when given, the file's first line is data too. */
    header?: string;
    /** Field separator (default tab). */
    separator?: string;
}
/**
 * Parse a separated table: the first line (or `header`) names the columns, every following
 * line fills them in order. A field that is not a number makes the whole table empty (`{}`),
 * as in Pilot 3. Unlike Pilot 3, blank lines are skipped (Pilot 3 gives up on a trailing blank
 * line) and a row with more fields than columns is cut to the columns (Pilot 3 raises).
 */
export declare function parseTable(text: string, options?: TableOptions): Table;
/** Read and parse a table file; an unreadable file gives `{}` (Pilot 3's get_table). */
export declare function readTable(filename: string, options?: TableOptions): Promise<Table>;
/**
 * x and y series from a table: `x = table[xName]` and `y = table[yName]`, or, when `yName` is
 * "a+b", the element-wise sum of columns a and b (cut to the shorter). Missing columns → [].
 */
export declare function extractFromTable(table: Table, xName: string, yName: string): [number[], number[]];
