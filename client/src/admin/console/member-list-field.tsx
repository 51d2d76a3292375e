import { Text, Textarea, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { ParsedList } from '../../stores/bulk-grant';
import { formatPoints } from '../../utils/format';

/**
 * The pasted list of member numbers of a batch form (bulk grant, batch issue), with what was
 * read from it: how many are valid, repeats dropped, and the first lines that are not numbers.
 * Classes and ids are `${prefix}__…` and `${prefix}-…` (the job-form mixin styles the classes);
 * `children` come between the text area and the summary.
 */
export function MemberListField({
  prefix,
  max,
  text,
  onText,
  parsed,
  children,
}: {
  prefix: string;
  max: number;
  text: string;
  onText: (text: string) => void;
  parsed: ParsedList;
  children?: ReactNode;
}) {
  return (
    <>
      <Text className={`${prefix}__label`}>会员号（每行一个，最多 {formatPoints(max)} 个）</Text>
      <Textarea className={`${prefix}__textarea`} id={`${prefix}-member-nos`} maxlength={-1} placeholder={'1234567890\n1234567891'} value={text} onInput={(e) => onText(e.detail.value)} />
      {children}
      <Text className={`${prefix}__hint`} id={`${prefix}-parse-summary`}>
        有效 {formatPoints(parsed.valid.length)} 个{parsed.duplicates > 0 ? ` · 重复 ${formatPoints(parsed.duplicates)} 个已去掉` : ''}
        {parsed.invalid.length > 0 ? ` · ${formatPoints(parsed.invalid.length)} 行不是 10 位会员号，将被跳过` : ''}
      </Text>
      {parsed.invalid.length > 0 ? (
        <View className={`${prefix}__invalid`} id={`${prefix}-invalid`}>
          {parsed.invalid.slice(0, 5).map((line) => (
            <Text key={line.line} className={`${prefix}__invalid-line`}>
              第 {line.line} 行：{line.value}
            </Text>
          ))}
          {parsed.invalid.length > 5 ? <Text className={`${prefix}__invalid-line`}>……等 {parsed.invalid.length} 行</Text> : null}
        </View>
      ) : null}
    </>
  );
}
