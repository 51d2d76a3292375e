import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { localOpenid, setLocalOpenid } from '../../api/identity';
import { forgetSession } from '../../stores/session';
import { DEFAULT_IDENTITIES, fetchIdentities, newVisitorOpenid, ROLE_NAMES, type LocalIdentity } from './identities';
import './index.scss';

/**
 * Local development login (H5 only): in WeChat the platform says who the caller is; in the
 * browser the local host takes the identity chosen here from the x-local-openid header.
 */
export default function DevLoginPage() {
  const [identities, setIdentities] = useState<LocalIdentity[] | null>(null);
  const [offline, setOffline] = useState(false);
  const current = localOpenid();

  useEffect(() => {
    fetchIdentities()
      .then(setIdentities)
      .catch(() => {
        setOffline(true);
        setIdentities(DEFAULT_IDENTITIES);
      });
  }, []);

  function signIn(openid: string) {
    setLocalOpenid(openid);
    forgetSession();
    void Taro.reLaunch({ url: '/pages/index/index' });
  }

  return (
    <View className='dev-login'>
      <Text className='dev-login__title'>本地开发登录：选择身份</Text>
      <Text className='dev-login__hint'>仅用于本地开发与浏览器测试，微信小程序中不存在此页面。</Text>

      <View
        className='btn btn--primary dev-login__visitor'
        id='login-new-visitor'
        hoverClass='btn--hover'
        onClick={() => signIn(newVisitorOpenid())}
      >
        <Text>新访客</Text>
      </View>

      <Text className='dev-login__section'>演示身份{offline ? '（本地服务未响应，使用内置列表）' : ''}</Text>
      {identities === null ? (
        <Text className='dev-login__loading'>正在读取身份列表…</Text>
      ) : (
        identities.map((identity) => (
          <View
            key={identity.openid}
            id={`login-${identity.openid}`}
            className={`dev-login__identity${identity.openid === current ? ' dev-login__identity--current' : ''}`}
            hoverClass='btn--hover'
            onClick={() => signIn(identity.openid)}
          >
            <View className='dev-login__identity-main'>
              <Text className='dev-login__label'>{identity.label}</Text>
              <Text className='dev-login__openid'>{identity.openid}</Text>
            </View>
            <Text className='dev-login__role'>{ROLE_NAMES[identity.role] ?? identity.role}</Text>
          </View>
        ))
      )}
      {current ? <Text className='dev-login__current'>当前身份：{current}</Text> : null}
    </View>
  );
}
