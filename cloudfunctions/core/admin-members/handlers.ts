import type { adminMembersAdminActions } from '../contract/admin-members';
import type { Handlers } from '../router/router';
import { addBulkGrantMembers, bulkGrantFailures, bulkGrantStatus, listBulkGrants, runBulkGrant, startBulkGrant } from '../bulk-grant/service';
import { getMember, memberHistory } from './member';
import { searchMembers } from './search';

export const adminMembersAdminHandlers: Handlers<typeof adminMembersAdminActions> = {
  searchMembers,
  getMember,
  memberHistory,
  startBulkGrant,
  addBulkGrantMembers,
  bulkGrantStatus,
  listBulkGrants: (ctx) => listBulkGrants(ctx),
  bulkGrantFailures,
  runBulkGrant,
};
