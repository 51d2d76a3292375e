import { Input, Text, View } from '@tarojs/components';
import type { OperatorRole, OperatorView, StoreSummary } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { ROLE_CHOICES, changeOperatorRole, disableOperator, revokeInvite, useInviteStores, useOperatorInvite, useOperators, usePendingInvites } from '../../stores/operators';
import { colors } from '../../theme';
import { formatDateTime } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import { type Column, DataTable } from '../console/data-table';
import './index.scss';

/** 运营人员 (owners only): who runs the console, invite a new operator, change a role, disable one. */
export default function AdminOperatorsPage() {
  const identity = useConsoleIdentity((state) => state.data);
  const data = useOperators((state) => state.data);
  const status = useOperators((state) => state.status);
  const error = useOperators((state) => state.error);
  const errorCode = useOperators((state) => state.errorCode);
  const load = useOperators((state) => state.load);
  const loadStores = useInviteStores((state) => state.load);
  const loadInvites = usePendingInvites((state) => state.load);
  const [editing, setEditing] = useState<OperatorView | null>(null);

  const isOwner = identity?.role === 'owner';
  const refresh = () => Promise.all([load(), loadStores(), loadInvites()]);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void refresh();
  });
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const forbidden = (identity && !isOwner) || errorCode === 'FORBIDDEN';

  return (
    <ConsoleShell page='operators' title='运营人员'>
      {forbidden ? (
        <EmptyState id='operators-forbidden' icon='锁' title='没有权限' text='只有品牌主可以邀请和管理运营人员。' />
      ) : !data ? (
        status === 'error' ? (
          <ErrorState id='operators-error' title='运营人员没有加载出来' message={error ?? ''} onRetry={() => void refresh()} />
        ) : (
          <View className='list'>
            <ListSkeleton rows={4} id='operators-loading' />
          </View>
        )
      ) : (
        <View className='ops'>
          <Text className='section-title'>运营人员（{data.operators.filter((o) => o.active).length} 人在岗）</Text>
          {data.operators.length === 0 ? (
            <View className='list'>
              <EmptyState id='operators-empty' icon='人' text='还没有运营人员，在下方邀请第一位。' />
            </View>
          ) : (
            <OperatorTable operators={data.operators} activeOwners={data.activeOwners} onEdit={setEditing} />
          )}
          {editing ? <RoleEditor key={editing.openid} operator={editing} activeOwners={data.activeOwners} onDone={() => setEditing(null)} /> : null}
          <PendingInvites />
          <InviteForm />
        </View>
      )}
    </ConsoleShell>
  );
}

/** Invites nobody has bound yet, each with 撤销 (its code then binds no one). */
function PendingInvites() {
  const invites = usePendingInvites((state) => state.data?.invites);
  const [busy, setBusy] = useState<string | null>(null);
  if (!invites?.length) return null;

  async function revoke(inviteId: string, name: string) {
    const { confirm } = await Taro.showModal({ title: `撤销给 ${name} 的邀请？`, content: '撤销后该绑定码立即失效。', confirmText: '撤销', cancelText: '保留' });
    if (!confirm) return;
    setBusy(inviteId);
    try {
      await revokeInvite(inviteId);
      void Taro.showToast({ title: '已撤销', icon: 'none' });
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <Text className='section-title'>待绑定的邀请（{invites.length}）</Text>
      <View className='list' id='operator-invites'>
        {invites.map((invite) => (
          <View key={invite.inviteId} className='row' id={`invite-${invite.inviteId}`}>
            <View className='row__main'>
              <Text className='row__title'>
                {invite.name} · {invite.roleLabel}
                {invite.stores.length ? `（${invite.stores.map((s) => s.name).join('、')}）` : ''}
              </Text>
              <Text className='row__sub'>有效期至 {formatDateTime(invite.expiresAt)}</Text>
            </View>
            <View className={`btn btn--danger btn--small${busy === invite.inviteId ? ' btn--disabled' : ''}`} id={`revoke-${invite.inviteId}`} hoverClass='btn--hover' onClick={() => void revoke(invite.inviteId, invite.name)}>
              <Text>撤销</Text>
            </View>
          </View>
        ))}
      </View>
    </>
  );
}

function storesText(operator: OperatorView): string {
  if (operator.role !== 'store_manager') return '全部门店';
  return operator.stores.map((s) => s.name || '（已删除的门店）').join('、') || '—';
}

/** Would this change remove the last active owner? Then the page says so before asking the server. */
function isLastOwner(operator: OperatorView, activeOwners: number): boolean {
  return operator.active && operator.role === 'owner' && activeOwners <= 1;
}

function OperatorTable({ operators, activeOwners, onEdit }: { operators: OperatorView[]; activeOwners: number; onEdit: (operator: OperatorView) => void }) {
  const [busy, setBusy] = useState<string | null>(null);

  async function disable(operator: OperatorView) {
    if (busy) return;
    if (isLastOwner(operator, activeOwners)) {
      void Taro.showModal({ title: '无法停用', content: '至少需要保留一位品牌主。请先邀请或任命另一位品牌主。', showCancel: false, confirmText: '知道了' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: `停用 ${operator.name || '该运营人员'}？`,
      content: operator.isMe ? '停用后你将立即失去运营后台的权限。' : '停用后对方将立即失去运营后台的权限，恢复需要重新邀请。',
      confirmText: '停用',
      cancelText: '取消',
      confirmColor: colors.danger,
    });
    if (!confirm) return;
    setBusy(operator.openid);
    try {
      await disableOperator(operator.openid);
      void Taro.showToast({ title: '已停用', icon: 'none' });
    } catch (failure) {
      void Taro.showModal({ title: '没有停用', content: messageOf(failure), showCancel: false, confirmText: '知道了' });
    } finally {
      setBusy(null);
    }
  }

  const columns: Column<OperatorView>[] = [
    {
      key: 'name',
      title: '姓名',
      primary: true,
      render: (o) => (
        <Text>
          {o.name || '未命名'}
          {o.isMe ? '（我）' : ''}
        </Text>
      ),
    },
    { key: 'role', title: '角色', render: (o) => <Text className={`ops__role ops__role--${o.role}`}>{o.roleLabel}</Text> },
    { key: 'stores', title: '门店', render: (o) => <Text>{storesText(o)}</Text> },
    { key: 'state', title: '状态', render: (o) => <Text className={o.active ? 'ops__on' : 'ops__off'}>{o.active ? '在岗' : '已停用'}</Text> },
    { key: 'bound', title: '绑定时间', render: (o) => <Text>{o.boundAt ? formatDateTime(o.boundAt) : '—'}</Text> },
    { key: 'by', title: '邀请人', render: (o) => <Text>{o.invitedBy ? o.invitedBy.name || '（已不在册）' : '—'}</Text> },
    {
      key: 'actions',
      title: '操作',
      render: (o) =>
        o.active ? (
          <View className='ops__row-actions'>
            <View className='btn btn--ghost btn--small ops__row-btn' id={`edit-${o.openid}`} hoverClass='btn--hover' onClick={() => onEdit(o)}>
              <Text>改角色</Text>
            </View>
            <View
              className={`btn btn--ghost btn--small ops__row-btn ops__row-btn--danger${busy === o.openid ? ' btn--disabled' : ''}`}
              id={`disable-${o.openid}`}
              hoverClass='btn--hover'
              onClick={() => void disable(o)}
            >
              <Text>{busy === o.openid ? '停用中…' : '停用'}</Text>
            </View>
          </View>
        ) : (
          <Text className='ops__muted'>—</Text>
        ),
    },
  ];

  return <DataTable id='operators-table' columns={columns} rows={operators} rowId={(o) => o.openid} />;
}

/** Four role chips with their Chinese names and what each may do. */
function RolePicker({ value, onChange, idPrefix }: { value: OperatorRole; onChange: (role: OperatorRole) => void; idPrefix: string }) {
  return (
    <View className='ops__chips'>
      {ROLE_CHOICES.map((choice) => (
        <View
          key={choice.role}
          id={`${idPrefix}-role-${choice.role}`}
          className={`ops__chip${value === choice.role ? ' ops__chip--on' : ''}`}
          hoverClass='ops__chip--hover'
          onClick={() => onChange(choice.role)}
        >
          <Text className='ops__chip-title'>{choice.label}</Text>
          <Text className='ops__chip-hint'>{choice.hint}</Text>
        </View>
      ))}
    </View>
  );
}

/** The stores a store manager looks after: several may be picked. */
function StorePicker({ value, onChange, idPrefix }: { value: string[]; onChange: (storeIds: string[]) => void; idPrefix: string }) {
  const data = useInviteStores((state) => state.data);
  const status = useInviteStores((state) => state.status);
  const error = useInviteStores((state) => state.error);
  const load = useInviteStores((state) => state.load);
  if (!data) {
    return status === 'error' ? (
      <View className='ops__stores-note'>
        <Text className='ops__error'>门店没有加载出来：{error}</Text>
        <View className='btn btn--ghost btn--small' hoverClass='btn--hover' onClick={() => void load()}>
          <Text>重试</Text>
        </View>
      </View>
    ) : (
      <Text className='ops__muted'>正在读取门店…</Text>
    );
  }
  const open: StoreSummary[] = data.stores.filter((s) => s.active);
  if (open.length === 0) return <Text className='ops__muted'>还没有营业中的门店，请先在「门店与店员」新建门店。</Text>;
  const toggle = (storeId: string) => onChange(value.includes(storeId) ? value.filter((id) => id !== storeId) : [...value, storeId]);
  return (
    <View className='ops__chips'>
      {open.map((store) => (
        <View
          key={store.storeId}
          id={`${idPrefix}-store-${store.storeId}`}
          className={`ops__chip ops__chip--store${value.includes(store.storeId) ? ' ops__chip--on' : ''}`}
          hoverClass='ops__chip--hover'
          onClick={() => toggle(store.storeId)}
        >
          <Text className='ops__chip-title'>
            {value.includes(store.storeId) ? '✓ ' : ''}
            {store.name}
          </Text>
        </View>
      ))}
    </View>
  );
}

function RoleEditor({ operator, activeOwners, onDone }: { operator: OperatorView; activeOwners: number; onDone: () => void }) {
  const [role, setRole] = useState<OperatorRole>(operator.role);
  const [storeIds, setStoreIds] = useState<string[]>(operator.stores.map((s) => s.storeId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    if (busy) return;
    if (role === 'store_manager' && storeIds.length === 0) {
      setError('店长需要至少选择一家门店');
      return;
    }
    if (role !== 'owner' && isLastOwner(operator, activeOwners)) {
      setError('至少需要保留一位品牌主');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changeOperatorRole(operator.openid, role, role === 'store_manager' ? storeIds : []);
      void Taro.showToast({ title: '角色已更新', icon: 'none' });
      onDone();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Text className='section-title'>修改角色：{operator.name || '未命名'}</Text>
      <View className='card ops__form' id='operator-role-editor'>
        <RolePicker value={role} onChange={setRole} idPrefix='change' />
        {role === 'store_manager' ? (
          <>
            <Text className='ops__label'>负责的门店</Text>
            <StorePicker value={storeIds} onChange={setStoreIds} idPrefix='change' />
          </>
        ) : null}
        {error ? (
          <Text className='ops__error' id='operator-role-error'>
            {error}
          </Text>
        ) : null}
        <View className='ops__form-actions'>
          <View className='btn btn--ghost ops__form-btn' hoverClass='btn--hover' id='operator-role-cancel' onClick={onDone}>
            <Text>取消</Text>
          </View>
          <View className={`btn btn--primary ops__form-btn${busy ? ' btn--disabled' : ''}`} hoverClass='btn--hover' id='operator-role-save' onClick={() => void save()}>
            <Text>{busy ? '保存中…' : '保存'}</Text>
          </View>
        </View>
      </View>
    </>
  );
}

function InviteForm() {
  const latest = useOperatorInvite((state) => state.latest);
  const create = useOperatorInvite((state) => state.create);
  const dismiss = useOperatorInvite((state) => state.dismiss);
  const [name, setName] = useState('');
  const [role, setRole] = useState<OperatorRole>('manager');
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (busy) return;
    if (!name.trim()) {
      setError('请填写对方的姓名');
      return;
    }
    if (role === 'store_manager' && storeIds.length === 0) {
      setError('店长需要至少选择一家门店');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await create(name.trim(), role, storeIds);
      setName('');
      setStoreIds([]);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Text className='section-title'>邀请运营人员</Text>
      {latest ? (
        <View className='card ops__code' id='operator-invite-code'>
          <Text className='ops__code-label'>
            {latest.name} · {latest.roleLabel}
            {latest.stores.length ? `（${latest.stores.map((s) => s.name).join('、')}）` : ''} 的绑定码
          </Text>
          <Text className='ops__code-value' id='operator-invite-code-value'>
            {latest.code}
          </Text>
          <Text className='ops__code-expiry'>有效期至 {formatDateTime(latest.expiresAt)}，仅可使用一次</Text>
          <Text className='ops__code-how'>请对方用自己的微信打开小程序，在「我的 › 绑定运营账号」输入此码。</Text>
          <View className='btn btn--ghost btn--small ops__code-close' id='operator-invite-done' hoverClass='btn--hover' onClick={dismiss}>
            <Text>完成</Text>
          </View>
        </View>
      ) : (
        <View className='card ops__form' id='operator-invite-form'>
          <Text className='ops__label'>姓名</Text>
          <Input className='ops__input' id='invite-name' placeholder='对方的姓名，例如 张伟' maxlength={40} value={name} onInput={(e) => setName(e.detail.value)} />
          <Text className='ops__label'>角色</Text>
          <RolePicker value={role} onChange={setRole} idPrefix='invite' />
          {role === 'store_manager' ? (
            <>
              <Text className='ops__label'>负责的门店</Text>
              <StorePicker value={storeIds} onChange={setStoreIds} idPrefix='invite' />
            </>
          ) : null}
          {error ? (
            <Text className='ops__error' id='invite-error'>
              {error}
            </Text>
          ) : null}
          <View className={`btn btn--primary ops__submit${busy ? ' btn--disabled' : ''}`} id='invite-submit' hoverClass='btn--hover' onClick={() => void submit()}>
            <Text>{busy ? '生成中…' : '生成绑定码'}</Text>
          </View>
        </View>
      )}
    </>
  );
}
