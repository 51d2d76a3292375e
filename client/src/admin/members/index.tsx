import { ConsoleShell } from '../console/shell';
import { EmptyState } from '../../components/list-states';

// PLACEHOLDER: replaced by the issue-8 work on this page.
export default function AdminMembersPage() {
  return (
    <ConsoleShell page='members' title='会员'>
      <EmptyState text='建设中' />
    </ConsoleShell>
  );
}
