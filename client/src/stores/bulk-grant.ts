import type { BulkGrantStatus } from '@contract';
import { callFunction, createRequestIdSlot, newRequestId } from '../api';
import { createJobStore } from './job-store';

// The operator's bulk points grant: the list is read here, sent in parts (a call's payload is
// bounded), and the job is driven by calling runBulkGrant while the page is open; the cron job
// finishes what nobody watches.

/** As the server's contract: lines per part and parts per job. */
export const PART_LINES = 2_500;
export const MAX_MEMBERS = 10_000;

export interface ParsedList {
  valid: string[];
  invalid: { line: number; value: string }[];
  duplicates: number;
}

/** The same reading as the server's: ten digits per line, blanks skipped, repeats dropped. */
export function parseMemberList(text: string): ParsedList {
  const seen = new Set<string>();
  const valid: string[] = [];
  const invalid: ParsedList['invalid'] = [];
  let duplicates = 0;
  text.split(/\r?\n|\r/).forEach((raw, index) => {
    // A CSV row: its first column.
    const value = raw.split(/[,，;；\t]/)[0].replace(/[\s\u3000"']/g, '');
    if (value === '') return;
    if (!/^\d{10}$/.test(value)) {
      invalid.push({ line: index + 1, value: raw.trim().slice(0, 20) });
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

const startSlot = createRequestIdSlot();

/** The bulk grants: start sends the list in parts, resume calls runBulkGrant. */
export const useBulkGrant = createJobStore({
  list: () => callFunction('admin', 'listBulkGrants', {}, { silent: true }),
  start: async (memberNos: string[], amount: number, reason: string) => {
    const parts: string[][] = [];
    for (let i = 0; i < memberNos.length; i += PART_LINES) parts.push(memberNos.slice(i, i + PART_LINES));
    let status: BulkGrantStatus = await startSlot.run((requestId) =>
      callFunction('admin', 'startBulkGrant', { memberNos: parts[0], parts: parts.length, amount, reason }, { requestId }),
    );
    for (const [index, part] of parts.slice(1).entries()) {
      // Receiving a part is idempotent on (job, part): a retry after a lost answer is harmless.
      status = await callFunction('admin', 'addBulkGrantMembers', { jobId: status.jobId, part: index + 2, memberNos: part }, { requestId: newRequestId() });
    }
    return status;
  },
  run: (jobId) => callFunction('admin', 'runBulkGrant', { jobId }, { requestId: newRequestId(), silent: true }),
});

export type BulkGrantState = ReturnType<typeof useBulkGrant.getState>;

export async function fetchFailuresCsv(jobId: string): Promise<{ csv: string; count: number }> {
  return callFunction('admin', 'bulkGrantFailures', { jobId });
}
