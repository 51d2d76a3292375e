import { MANAGERS, type MatrixRows, STAFF_ONLY } from './types';

// Issue 10, the profile: an operator corrects a birthday; a cashier finds a member by the full phone number.

export const adminRows: MatrixRows = {
  setMemberBirthday: { allowed: MANAGERS, input: (w) => ({ memberNo: w.memberNo, birthday: '1990-05-20', reason: '权限测试' }) },
};

export const staffRows: MatrixRows = {
  findMemberByPhone: { allowed: STAFF_ONLY, input: () => ({ phone: '13800138000' }) },
};
