import { Input, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './referral.scss';

// Form pieces shared by the console's referral pages: a labelled text field with its error
// under it, and a row of choice chips. Every element carries an id for browser tests.

export function Field({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  type = 'text',
  maxlength,
  disabled,
  suffix,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'digit';
  maxlength?: number;
  disabled?: boolean;
  suffix?: ReactNode;
}) {
  return (
    <View className='ref-form__field'>
      <Text className='ref-form__label'>{label}</Text>
      <View className='ref-form__control'>
        <Input
          id={id}
          className={`ref-form__input${error ? ' ref-form__input--invalid' : ''}`}
          type={type}
          value={value}
          placeholder={placeholder}
          maxlength={maxlength ?? 140}
          disabled={disabled}
          onInput={(event) => onChange(event.detail.value)}
        />
        {suffix ? <Text className='ref-form__suffix'>{suffix}</Text> : null}
      </View>
      {error ? (
        <Text className='ref-form__error' id={`${id}-error`}>
          {error}
        </Text>
      ) : hint ? (
        <Text className='ref-form__hint'>{hint}</Text>
      ) : null}
    </View>
  );
}

export function Choices<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  disabled?: boolean;
}) {
  return (
    <View className='ref-form__field' id={id}>
      <Text className='ref-form__label'>{label}</Text>
      <View className='ref-form__chips'>
        {options.map((option) => (
          <View
            key={option.value}
            id={`${id}-${option.value}`}
            className={`ref-form__chip${option.value === value ? ' ref-form__chip--on' : ''}`}
            hoverClass={disabled ? 'none' : 'btn--hover'}
            onClick={disabled ? undefined : () => onChange(option.value)}
          >
            <Text>{option.label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** A status or kind as a small coloured label in a table cell. */
export function Tag({ text, tone = 'plain', id }: { text: string; tone?: 'plain' | 'good' | 'warn' | 'off'; id?: string }) {
  return (
    <Text className={`ref-tag ref-tag--${tone}`} id={id}>
      {text}
    </Text>
  );
}
