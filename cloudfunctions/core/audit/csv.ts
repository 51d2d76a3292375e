import type { AuditRow } from '../contract/audit';
import { inBrandZone } from '../platform/time';

// The audit log as a CSV file for Excel: UTF-8 with a byte-order mark (without it Excel reads
// the Chinese as GBK), CRLF line ends, RFC 4180 quoting. Pure, so tested by tables.

export const AUDIT_CSV_HEADER = ['时间', '操作人', '角色', '操作', '对象', '变更前', '变更后', '原因', '请求号'] as const;
export const BOM = '\uFEFF';
/** A before/after cell longer than this is cut (a whole rules document stays readable in the app). */
export const CELL_MAX_CHARS = 2_000;

/**
 * One cell: quoted when it holds a comma, quote, line break or edge spaces. Text that Excel would
 * run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe, as OWASP advises, so a
 * reason typed as "=HYPERLINK(…)" stays text.
 */
export function csvCell(value: string): string {
  let text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function changeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > CELL_MAX_CHARS ? `${text.slice(0, CELL_MAX_CHARS)}…` : text;
}

export function auditCsvCells(row: AuditRow, timeZone: string): string[] {
  const who = row.actor.name ? `${row.actor.name}（${row.actor.openid}）` : row.actor.openid;
  const target = `${row.target.kindLabel} ${row.target.label || row.target.id}`.trim();
  return [
    inBrandZone(new Date(row.at), timeZone).format('YYYY-MM-DD HH:mm:ss'),
    who,
    row.actor.roleLabel,
    row.read ? `${row.actionLabel}（只读）` : row.actionLabel,
    target,
    changeText(row.before),
    changeText(row.after),
    row.reason ?? '',
    row.requestId ?? '',
  ];
}

/**
 * Header and rows, stopping before a row that would take the file past `maxBytes` (UTF-8).
 * Answers the text and how many rows it holds.
 */
export function auditCsv(rows: AuditRow[], timeZone: string, maxBytes: number): { csv: string; rows: number } {
  let csv = BOM + csvLine([...AUDIT_CSV_HEADER]);
  let bytes = Buffer.byteLength(csv);
  let count = 0;
  for (const row of rows) {
    const line = csvLine(auditCsvCells(row, timeZone));
    const size = Buffer.byteLength(line);
    if (bytes + size > maxBytes) break;
    csv += line;
    bytes += size;
    count += 1;
  }
  return { csv, rows: count };
}
