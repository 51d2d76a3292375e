import { Text, View } from '@tarojs/components';

/** One label and value on an outcome card. */
export function Fact({ label, value, id }: { label: string; value: string; id?: string }) {
  return (
    <View className='staff__fact' id={id}>
      <Text className='staff__fact-label'>{label}</Text>
      <Text className='staff__fact-value'>{value}</Text>
    </View>
  );
}
