import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { BINDING_CODE_LENGTH as CODE_LENGTH, cleanBindingCode as cleanCode } from '../../utils/binding-code';
import { useConsoleIdentity } from '../../stores/console';
import { bindOperator } from '../../stores/operators';
import { useMyRoles } from '../../stores/roles';
import './index.scss';

/**
 * The invited person (signed in with their own WeChat) types the code the brand owner gave them
 * and becomes an operator with the invite's role; then the console opens.
 */
export default function BindOperatorPage() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useDidShow(() => {
    redirectToDevLoginIfNeeded();
  });

  async function submit() {
    if (busy || code.length !== CODE_LENGTH) return;
    setBusy(true);
    setError(null);
    try {
      const bound = await bindOperator(code);
      // The console and 我的 asked who this is before: they ask again now.
      useConsoleIdentity.getState().reset();
      void useMyRoles.getState().load();
      void Taro.showToast({ title: `绑定成功：${bound.roleLabel}`, icon: 'none' });
      void Taro.redirectTo({ url: '/admin/index/index' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='op-bind'>
      <Text className='op-bind__title'>绑定运营账号</Text>
      <Text className='op-bind__hint'>输入品牌主给你的 8 位绑定码。绑定码 24 小时内有效，只能使用一次，绑定到你当前登录的微信。</Text>
      <View className='op-bind__field'>
        <Input
          id='operator-bind-input'
          className='op-bind__input'
          placeholder='例如 7K3M9QPX'
          maxlength={11}
          value={code}
          onInput={(event) => setCode(cleanCode(event.detail.value))}
          onConfirm={() => void submit()}
        />
      </View>
      {error ? (
        <Text className='op-bind__error' id='operator-bind-error'>
          {error}
        </Text>
      ) : null}
      <View
        id='operator-bind-submit'
        className={`btn btn--primary btn--big op-bind__submit${busy || code.length !== CODE_LENGTH ? ' btn--disabled' : ''}`}
        hoverClass='btn--hover'
        onClick={() => void submit()}
      >
        <Text>{busy ? '正在绑定…' : '绑定'}</Text>
      </View>
    </View>
  );
}
