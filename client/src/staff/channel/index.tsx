import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ChannelCodeImage } from '../../components/channel-code';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useShownResource } from '../../components/use-shown-resource';
import { useMyChannelCode } from '../../stores/referral';
import '../staff.scss';
import './index.scss';

/** 我的导购码: the cashier's own channel code; a customer who joins through it is bound to them. */
export default function StaffChannelPage() {
  const { data, status, error, load } = useShownResource(useMyChannelCode);
  const errorCode = useMyChannelCode((state) => state.errorCode);

  if (!data) {
    return (
      <View className='staff'>
        {status === 'error' && errorCode === 'FORBIDDEN' ? (
          <EmptyState
            id='channel-not-staff'
            icon='店'
            title='尚未绑定门店'
            text='绑定为门店店员后，这里会有你专属的导购码。'
            next={{ id: 'channel-go-bind', label: '输入绑定码', primary: true, onClick: () => void Taro.navigateTo({ url: '/staff/bind/index' }) }}
          />
        ) : status === 'error' ? (
          <ErrorState id='channel-error' title='导购码没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <View className='list'>
            <ListSkeleton id='channel-loading' rows={3} />
          </View>
        )}
      </View>
    );
  }

  return (
    <View className='staff channel'>
      <View className='staff__head'>
        <Text className='staff__store'>{data.storeName}</Text>
        <Text className='staff__who'>导购 {data.name}</Text>
      </View>
      <View className='card channel__card' id='channel-code-card'>
        <ChannelCodeImage code={data} id='channel-code' />
        <Text className='channel__caption'>请顾客用微信扫码注册会员</Text>
        <Text className='channel__hint'>通过此码注册的会员将绑定为你的专属顾客</Text>
      </View>
      <View className='card channel__figures'>
        <View className='channel__figure'>
          <Text className='channel__figure-value' id='channel-bound-total'>
            {data.boundMembers}
          </Text>
          <Text className='channel__figure-label'>累计绑定会员</Text>
        </View>
        <View className='channel__figure'>
          <Text className='channel__figure-value' id='channel-bound-month'>
            {data.boundThisMonth}
          </Text>
          <Text className='channel__figure-label'>本月新绑定</Text>
        </View>
      </View>
    </View>
  );
}
