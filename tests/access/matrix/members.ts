import { MANAGERS, type MatrixRows, READERS } from './types';

// The console's members actions (issue 8): search and the member page for readers, bulk grants
// for managers. A job id that does not exist answers BULK_GRANT_NOT_FOUND past the role check.

const NO_JOB = { jobId: '0'.repeat(32) };

export const adminRows: MatrixRows = {
  searchMembers: { allowed: READERS, input: (w) => ({ query: w.memberNo }) },
  getMember: { allowed: READERS, input: (w) => ({ memberNo: w.memberNo }) },
  memberHistory: { allowed: READERS, input: (w) => ({ memberNo: w.memberNo, book: 'points' }) },
  startBulkGrant: { allowed: MANAGERS, input: (w) => ({ memberNos: [w.memberNo], amount: 1, reason: '权限测试' }) },
  addBulkGrantMembers: { allowed: MANAGERS, input: () => ({ ...NO_JOB, part: 2, memberNos: ['1000000000'] }) },
  bulkGrantStatus: { allowed: MANAGERS, input: () => NO_JOB },
  listBulkGrants: { allowed: MANAGERS },
  bulkGrantFailures: { allowed: MANAGERS, input: () => NO_JOB },
  runBulkGrant: { allowed: MANAGERS, input: () => NO_JOB },
};
