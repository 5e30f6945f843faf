/**
 * Column tables from text files such as prmon's memory_monitor_output.txt
 * (Pilot 3's get_table_from_file and Analytics.extract_from_table).
 */
import { readFile } from 'node:fs/promises';
/** Column names from a header line: empty names (repeated separators) are skipped. */
function columnNames(line, separator) {
    return line
        .split(separator)
        .map((k) => (k.endsWith('\n') ? k.slice(0, -1) : k).replace(/\r$/, ''))
        .filter((k) => k !== '');
}
/** Python's float() on a field: surrounding whitespace allowed, nothing else. */
function toFloat(field) {
    const t = field.trim();
    if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(t))
        return undefined;
    const lower = t.toLowerCase().replace(/^\+/, '');
    if (lower === 'inf' || lower === 'infinity')
        return Infinity;
    if (lower === '-inf' || lower === '-infinity')
        return -Infinity;
    if (lower.endsWith('nan'))
        return NaN;
    return Number(t);
}
/**
 * Parse a separated table: the first line (or `header`) names the columns, every following
 * line fills them in order. A field that is not a number makes the whole table empty (`{}`),
 * as in Pilot 3. Unlike Pilot 3, blank lines are skipped (Pilot 3 gives up on a trailing blank
 * line) and a row with more fields than columns is cut to the columns (Pilot 3 raises).
 */
export function parseTable(text, options = {}) {
    const separator = options.separator ?? '\t';
    const lines = text.split('\n');
    let keys = options.header ? columnNames(options.header, separator) : undefined;
    const table = Object.create(null); // column names never hit Object.prototype
    if (keys)
        for (const k of keys)
            table[k] = [];
    for (const line of lines) {
        if (!keys) {
            keys = columnNames(line, separator);
            for (const k of keys)
                table[k] = [];
            continue;
        }
        if (line.trim() === '')
            continue;
        const fields = line.split(separator);
        for (let i = 0; i < fields.length && i < keys.length; i++) {
            const v = toFloat(fields[i]);
            if (v === undefined)
                return {};
            table[keys[i]].push(v);
        }
    }
    return table;
}
/** Read and parse a table file; an unreadable file gives `{}` (Pilot 3's get_table). */
export async function readTable(filename, options = {}) {
    let text;
    try {
        text = await readFile(filename, 'utf8');
    }
    catch {
        return {};
    }
    return parseTable(text, options);
}
/**
 * x and y series from a table: `x = table[xName]` and `y = table[yName]`, or, when `yName` is
 * "a+b", the element-wise sum of columns a and b (cut to the shorter). Missing columns → [].
 */
export function extractFromTable(table, xName, yName) {
    const col = (name) => (Object.hasOwn(table, name) ? table[name] : []);
    const x = col(xName);
    if (!yName.includes('+'))
        return [x, col(yName)];
    const [n1 = '', n2 = ''] = yName.split('+');
    const y1 = col(n1);
    const y2 = col(n2);
    const n = Math.min(y1.length, y2.length);
    const y = [];
    for (let i = 0; i < n; i++)
        y.push(y1[i] + y2[i]);
    return [x, y];
}
//# sourceMappingURL=table.js.map