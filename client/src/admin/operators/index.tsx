import { ConsoleShell } from '../console/shell';
import { EmptyState } from '../../components/list-states';

// PLACEHOLDER: replaced by the issue-8 work on this page.
export default function AdminOperatorsPage() {
  return (
    <ConsoleShell page='operators' title='运营人员'>
      <EmptyState text='建设中' />
    </ConsoleShell>
  );
}
