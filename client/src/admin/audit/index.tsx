import { ConsoleShell } from '../console/shell';
import { EmptyState } from '../../components/list-states';

// PLACEHOLDER: replaced by the issue-8 work on this page.
export default function AdminAuditPage() {
  return (
    <ConsoleShell page='audit' title='审计日志'>
      <EmptyState text='建设中' />
    </ConsoleShell>
  );
}
