import { Text, View } from '@tarojs/components';
import type { MemberLookupResult } from '@contract';
import { readableOn, tierColor } from '../../theme';
import { formatFen, formatPoints } from '../../utils/format';

/** Who is at the counter: name, masked phone, tier, points and stored value. */
export function MemberCard({ member }: { member: MemberLookupResult }) {
  const color = tierColor(member.tier.code, member.tier.color);
  return (
    <View className='staff-member' id='staff-member'>
      <View className='staff-member__top'>
        <View>
          <Text className='staff-member__name'>{member.nickname}</Text>
          <Text className='staff-member__phone'>{member.maskedPhone ?? `会员号 ${member.memberNo}`}</Text>
        </View>
        <View className='staff-member__tier' style={{ backgroundColor: color, color: readableOn(color) }}>
          <Text>{member.tier.name}</Text>
        </View>
      </View>
      <View className='staff-member__stats'>
        <View className='staff-member__stat'>
          <Text className='staff-member__label'>积分</Text>
          <Text className='staff-member__value'>{formatPoints(member.points)}</Text>
        </View>
        <View className='staff-member__stat'>
          <Text className='staff-member__label'>储值余额</Text>
          <Text className='staff-member__value'>{formatFen(member.walletFen)}</Text>
        </View>
      </View>
    </View>
  );
}
