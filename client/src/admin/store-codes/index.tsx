import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { ChannelCodeImage } from '../../components/channel-code';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useAdminStores } from '../../stores/admin';
import { useStoreChannelCode } from '../../stores/referral-admin';
import { brand } from '../../theme';
import { ConsoleShell } from '../console/shell';
import { Choices } from '../referral-shared/fields';
import './index.scss';

/** 门店码: a store's channel code to print at the till; members who join through it are the store's. */
export default function StoreCodesPage() {
  const stores = useAdminStores((state) => state.data);
  const storesStatus = useAdminStores((state) => state.status);
  const storesError = useAdminStores((state) => state.error);
  const loadStores = useAdminStores((state) => state.load);
  const storeId = useStoreChannelCode((state) => state.key);
  const code = useStoreChannelCode((state) => state.data);
  const status = useStoreChannelCode((state) => state.status);
  const error = useStoreChannelCode((state) => state.error);
  const loadCode = useStoreChannelCode((state) => state.load);

  async function loadAll() {
    await loadStores();
    const list = useAdminStores.getState().data?.stores.filter((s) => s.active) ?? [];
    const current = useStoreChannelCode.getState().key;
    const next = current && list.some((s) => s.storeId === current) ? current : list[0]?.storeId;
    if (next) await loadCode(next);
  }

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void loadAll();
  });
  usePullDownRefresh(() => {
    void loadAll().finally(() => Taro.stopPullDownRefresh());
  });

  const active = stores?.stores.filter((s) => s.active) ?? [];

  return (
    <ConsoleShell
      page='store-codes'
      title='门店码'
      actions={
        process.env.TARO_ENV === 'h5' && code ? (
          <View className='btn btn--primary btn--small' id='store-code-print' hoverClass='btn--hover' onClick={() => window.print()}>
            <Text>打印</Text>
          </View>
        ) : null
      }
    >
      {!stores ? (
        storesStatus === 'error' ? (
          <ErrorState id='store-codes-error' title='门店没有加载出来' message={storesError ?? ''} onRetry={() => void loadAll()} />
        ) : (
          <ListSkeleton id='store-codes-loading' rows={2} />
        )
      ) : active.length === 0 ? (
        <EmptyState id='store-codes-empty' icon='店' text='还没有营业中的门店。在「门店与店员」新建门店后即可生成门店码。' />
      ) : (
        <>
          <View className='store-codes__picker'>
            <Choices id='store-code-store' label='门店' value={storeId ?? ''} options={active.map((s) => ({ value: s.storeId, label: s.name }))} onChange={(id) => void loadCode(id)} />
          </View>
          {status === 'error' ? (
            <ErrorState id='store-code-error' title='门店码没有生成出来' message={error ?? ''} onRetry={() => void loadCode()} />
          ) : !code ? (
            <ListSkeleton id='store-code-loading' rows={2} />
          ) : (
            <View className='store-codes__sheet' id='store-code-sheet'>
              <Text className='store-codes__brand'>{brand.name}</Text>
              <Text className='store-codes__store' id='store-code-name'>
                {code.storeName}
              </Text>
              <ChannelCodeImage code={code} id='store-code-image' />
              <Text className='store-codes__caption'>微信扫码，注册会员</Text>
              <Text className='store-codes__hint'>新会员注册即享积分，消费累积成长值</Text>
              <Text className='store-codes__figures'>
                已绑定会员 {code.boundMembers} 人 · 本月 {code.boundThisMonth} 人
              </Text>
            </View>
          )}
          <Text className='ref-page__muted store-codes__note'>
            在门店收银台张贴此码。顾客扫码注册后绑定为本门店会员，消费计入门店业绩。{process.env.TARO_ENV === 'h5' ? '点「打印」只打印下方的码。' : '长按图片可保存后打印。'}
          </Text>
        </>
      )}
    </ConsoleShell>
  );
}
