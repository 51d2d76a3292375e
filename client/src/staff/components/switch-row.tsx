import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface SwitchRowProps {
  id: string;
  title: string;
  /** The line under the title: what the switch does with the numbers of this order. */
  sub: string;
  subId?: string;
  on: boolean;
  disabled: boolean;
  onToggle: (on: boolean) => void;
  children?: ReactNode;
}

/** A big on/off row for the cashier (使用储值支付, 积分抵现); data-on tells browser tests its state. */
export function SwitchRow({ id, title, sub, subId, on, disabled, onToggle, children }: SwitchRowProps) {
  return (
    <View>
      <View
        id={id}
        data-on={on ? 'true' : 'false'}
        className={`staff-toggle${on ? ' staff-toggle--on' : ''}${disabled ? ' staff-toggle--disabled' : ''}`}
        onClick={() => !disabled && onToggle(!on)}
      >
        <View className='staff-toggle__text'>
          <Text className='staff-toggle__title'>{title}</Text>
          <Text className='staff-toggle__sub' id={subId}>
            {sub}
          </Text>
        </View>
        <View className={`staff-toggle__switch${on ? ' staff-toggle__switch--on' : ''}`}>
          <View className={`staff-toggle__knob${on ? ' staff-toggle__knob--on' : ''}`} />
        </View>
      </View>
      {children}
    </View>
  );
}
