import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { ConsoleShell } from '../console/shell';
import { homeFor } from '../console/nav';
import { useConsoleIdentity } from '../../stores/console';
import { ListSkeleton } from '../../components/list-states';

/** The console's entry: sends the operator to the first page their role has. */
export default function AdminEntryPage() {
  const identity = useConsoleIdentity((state) => state.data);
  useEffect(() => {
    if (identity) void Taro.redirectTo({ url: homeFor(identity.role) });
  }, [identity]);
  return (
    <ConsoleShell page='index' title='运营后台'>
      <ListSkeleton rows={3} />
    </ConsoleShell>
  );
}
