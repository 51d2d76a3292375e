import { Input, Text, View } from '@tarojs/components';
import type { StoreSummary } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { createStore, useAdminStores, useBindingCodes } from '../../stores/admin';
import { useConsoleIdentity } from '../../stores/console';
import { ConsoleShell } from '../console/shell';
import { formatDateTime } from '../../utils/format';
import './index.scss';

/** The operator's stores: list, create, and a one-time binding code for each new cashier (a store manager: their own stores). */
export default function AdminStoresPage() {
  const data = useAdminStores((state) => state.data);
  const status = useAdminStores((state) => state.status);
  const error = useAdminStores((state) => state.error);
  const load = useAdminStores((state) => state.load);
  const identity = useConsoleIdentity((state) => state.data);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  // Only owners and managers open stores; a store manager looks after the ones they have.
  const mayCreate = identity?.role === 'owner' || identity?.role === 'manager';
  const mayBind = mayCreate || identity?.role === 'store_manager';

  return (
    <ConsoleShell page='stores' title='门店与店员'>
      {!data ? (
        status === 'error' ? (
          <ErrorState title='门店没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <View className='list'>
            <ListSkeleton rows={3} id='admin-loading' />
          </View>
        )
      ) : (
        <View className='admin'>
          <Text className='section-title'>门店（{data.stores.length}）</Text>
          {data.stores.length === 0 ? (
            <View className='list'>
              <EmptyState id='admin-stores-empty' icon='店' text={mayCreate ? '还没有门店，在下方填写名称和地址新建第一家。' : '你还没有负责的门店，请联系品牌主。'} />
            </View>
          ) : (
            <View id='admin-stores' className='admin__stores'>
              {data.stores.map((store) => (
                <StoreCard key={store.storeId} store={store} mayBind={mayBind} />
              ))}
            </View>
          )}
          {mayCreate ? <NewStoreForm /> : null}
        </View>
      )}
    </ConsoleShell>
  );
}

function StoreCard({ store, mayBind }: { store: StoreSummary; mayBind: boolean }) {
  const code = useBindingCodes((state) => state.byStore[store.storeId]);
  const create = useBindingCodes((state) => state.create);
  const dismiss = useBindingCodes((state) => state.dismiss);
  const [staffName, setStaffName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function makeCode() {
    if (busy) return;
    if (!staffName.trim()) {
      setError('请先填写店员姓名');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await create(store.storeId, staffName.trim());
      setStaffName('');
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card admin__store' id={`store-${store.storeId}`}>
      <View className='admin__store-head'>
        <Text className='admin__store-name'>{store.name}</Text>
        <Text className={`admin__badge${store.active ? '' : ' admin__badge--off'}`}>{store.active ? `${store.activeStaffCount} 名店员` : '已停用'}</Text>
      </View>
      <Text className='admin__store-address'>{store.address}</Text>

      {code ? (
        <View className='admin__code' id={`binding-code-${store.storeId}`}>
          <Text className='admin__code-label'>{code.staffName} 的绑定码</Text>
          <Text className='admin__code-value'>{code.code}</Text>
          <Text className='admin__code-expiry'>有效期至 {formatDateTime(code.expiresAt)}，仅可使用一次</Text>
          <View className='btn btn--ghost btn--small admin__code-close' hoverClass='btn--hover' onClick={() => dismiss(store.storeId)}>
            <Text>完成</Text>
          </View>
        </View>
      ) : store.active && mayBind ? (
        <View className='admin__bind'>
          <Input
            className='admin__input'
            id={`staff-name-${store.storeId}`}
            placeholder='店员姓名'
            value={staffName}
            onInput={(event) => setStaffName(event.detail.value)}
          />
          <View className={`btn btn--primary btn--small${busy ? ' btn--disabled' : ''}`} id={`make-code-${store.storeId}`} hoverClass='btn--hover' onClick={() => void makeCode()}>
            <Text>{busy ? '生成中…' : '生成店员绑定码'}</Text>
          </View>
        </View>
      ) : null}
      {error ? <Text className='admin__error'>{error}</Text> : null}
    </View>
  );
}

function NewStoreForm() {
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (busy) return;
    if (!name.trim() || !address.trim()) {
      setError('请填写门店名称和地址');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const store = await createStore(name.trim(), address.trim());
      setName('');
      setAddress('');
      void Taro.showToast({ title: `已新建 ${store.name}`, icon: 'none' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Text className='section-title'>新建门店</Text>
      <View className='card admin__form' id='admin-new-store'>
        <Text className='admin__field-label'>门店名称</Text>
        <Input className='admin__input admin__input--full' id='store-name' placeholder='例如 鹿角咖啡 三里屯店' maxlength={40} value={name} onInput={(e) => setName(e.detail.value)} />
        <Text className='admin__field-label'>地址</Text>
        <Input className='admin__input admin__input--full' id='store-address' placeholder='门店详细地址' maxlength={120} value={address} onInput={(e) => setAddress(e.detail.value)} />
        {error ? <Text className='admin__error'>{error}</Text> : null}
        <View className={`btn btn--primary admin__submit${busy ? ' btn--disabled' : ''}`} id='store-create' hoverClass='btn--hover' onClick={() => void submit()}>
          <Text>{busy ? '正在新建…' : '新建门店'}</Text>
        </View>
      </View>
    </>
  );
}
