import { Input, Text, View } from '@tarojs/components';
import type { StaffIdentity } from '@contract';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { BINDING_CODE_LENGTH as CODE_LENGTH, cleanBindingCode as cleanCode } from '../../utils/binding-code';
import { bindStaff } from '../../stores/staff';
import '../staff.scss';

/** A new cashier types the 8-character code the operator gave them and becomes staff of that store. */
export default function BindPage() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bound, setBound] = useState<StaffIdentity | null>(null);

  useDidShow(() => {
    redirectToDevLoginIfNeeded();
  });

  async function submit() {
    if (busy || code.length !== CODE_LENGTH) return;
    setBusy(true);
    setError(null);
    try {
      setBound(await bindStaff(code));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  if (bound) {
    return (
      <View className='staff'>
        <View className='staff__outcome' id='staff-bind-result'>
          <View className='staff__mark staff__mark--ok'>
            <View className='staff__tick' />
          </View>
          <Text className='staff__outcome-title'>绑定成功</Text>
          <Text className='staff__outcome-reason'>
            {bound.storeName} · {bound.staffName}
          </Text>
        </View>
        <View className='staff__actions'>
          <View className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={() => void Taro.redirectTo({ url: '/staff/home/index' })}>
            <Text>进入店员工作台</Text>
          </View>
        </View>
      </View>
    );
  }

  return (
    <View className='staff'>
      <Text className='staff__title'>输入绑定码</Text>
      <Text className='staff__hint'>向门店运营索取 8 位绑定码，一个绑定码只能使用一次。</Text>
      <View className='staff__field'>
        <Input
          id='staff-bind-input'
          className='staff__input staff__input--code'
          placeholder='例如 7K3M9QPX'
          maxlength={11}
          value={code}
          onInput={(event) => setCode(cleanCode(event.detail.value))}
          onConfirm={() => void submit()}
        />
      </View>
      {error ? (
        <Text className='staff__field-error' id='staff-bind-error'>
          {error}
        </Text>
      ) : null}
      <View className='staff__actions'>
        <View
          id='staff-bind-submit'
          className={`btn btn--primary btn--big${busy || code.length !== CODE_LENGTH ? ' btn--disabled' : ''}`}
          hoverClass='btn--hover'
          onClick={() => void submit()}
        >
          <Text>{busy ? '正在绑定…' : '绑定'}</Text>
        </View>
      </View>
    </View>
  );
}
