import { MANAGERS, type MatrixRows } from './types';

// Operator batch coupon issue (issue 9): brand-wide, like the templates it issues; managers and
// owners start, run and follow it. Unknown targets suffice: the permission check comes first.

export const adminRows: MatrixRows = {
  startCouponIssue: { allowed: MANAGERS, input: (world) => ({ templateId: 'ct-matrix-none', memberNos: [world.memberNo], reason: '权限测试' }) },
  runCouponIssue: { allowed: MANAGERS, input: () => ({ jobId: 'job-matrix-none' }) },
  couponIssueStatus: { allowed: MANAGERS, input: () => ({ jobId: 'job-matrix-none' }) },
  listCouponIssues: { allowed: MANAGERS },
};
