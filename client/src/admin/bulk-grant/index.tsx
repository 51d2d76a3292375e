import { ConsoleShell } from '../console/shell';
import { EmptyState } from '../../components/list-states';

// PLACEHOLDER: replaced by the issue-8 work on this page.
export default function AdminBulkGrantPage() {
  return (
    <ConsoleShell page='bulk-grant' title='批量发放'>
      <EmptyState text='建设中' />
    </ConsoleShell>
  );
}
