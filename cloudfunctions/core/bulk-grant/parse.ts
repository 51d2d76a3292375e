// Pure: reads the member numbers of one part of a bulk grant's list.

export interface ParsedLines {
  /** Distinct ten-digit member numbers, in the order first seen. */
  valid: string[];
  /** Lines that are not a member number (1-based line numbers across the whole list); empty lines are skipped. */
  invalid: { line: number; value: string }[];
  /** Repeats of a number seen earlier in this part. */
  duplicates: number;
}

/**
 * `firstLine`: the line number of `lines[0]` in the whole list (parts after the first start
 * further down). Spaces, tabs and a trailing comma (a one-column CSV) are ignored.
 */
export function parseMemberLines(lines: readonly string[], firstLine = 1): ParsedLines {
  const seen = new Set<string>();
  const valid: string[] = [];
  const invalid: ParsedLines['invalid'] = [];
  let duplicates = 0;
  lines.forEach((raw, index) => {
    const value = raw.replace(/[\s\u3000"']/g, '').replace(/[,，;；]+$/, '');
    if (value === '') return;
    if (!/^\d{10}$/.test(value)) {
      invalid.push({ line: firstLine + index, value: raw.trim().slice(0, 20) });
      return;
    }
    if (seen.has(value)) {
      duplicates++;
      return;
    }
    seen.add(value);
    valid.push(value);
  });
  return { valid, invalid, duplicates };
}

/** One CSV field: quoted when needed, and a leading = + - @ defused so a spreadsheet shows it as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function failuresCsv(rows: { memberNo: string; reason: string }[]): string {
  return ['会员号,原因', ...rows.map((row) => `${csvField(row.memberNo)},${csvField(row.reason)}`)].join('\r\n') + '\r\n';
}

/** Whole percent done, 100 only when everything is. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  if (done >= total) return 100;
  return Math.min(99, Math.floor((done * 100) / total));
}
