import { Input, Text, View } from '@tarojs/components';
import type { MemberRow } from '@contract';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { useMemberSearch } from '../../stores/admin-members';
import { formatDate, formatFen, formatMemberNo, formatPoints } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import { type Column, DataTable } from '../console/data-table';
import './index.scss';

const SEARCHED_BY: Record<string, string> = { memberNo: '按会员号', phone: '按手机号（完整匹配）', nickname: '按昵称开头' };

const columns: Column<MemberRow>[] = [
  { key: 'memberNo', title: '会员号', primary: true, render: (m) => <Text className='members__no'>{formatMemberNo(m.memberNo)}</Text> },
  { key: 'nickname', title: '昵称', primary: true, render: (m) => <Text>{m.nickname || '（未设置）'}</Text> },
  { key: 'phone', title: '手机号', render: (m) => <Text>{m.phone ?? '—'}</Text> },
  {
    key: 'tier',
    title: '等级',
    render: (m) => (
      <Text className='members__tier' style={{ color: m.tier.color }}>
        {m.tier.name}
      </Text>
    ),
  },
  { key: 'points', title: '积分', numeric: true, render: (m) => <Text>{formatPoints(m.points)}</Text> },
  { key: 'wallet', title: '储值余额', numeric: true, render: (m) => <Text>{formatFen(m.walletFen)}</Text> },
  { key: 'joined', title: '注册日期', render: (m) => <Text>{formatDate(m.joinedAt)}</Text> },
];

/** Find a member by number, full phone number or the start of a nickname; a row opens the member's page. */
export default function AdminMembersPage() {
  const { query, searchedBy, masked, items, nextCursor, status, error, loadingMore, search, loadMore } = useMemberSearch();
  const [text, setText] = useState(query);

  usePullDownRefresh(() => {
    void (query ? search(query) : Promise.resolve()).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const submit = () => void search(text);

  return (
    <ConsoleShell page='members' title='会员'>
      <View className='members'>
        <View className='card members__search'>
          <Input
            className='members__input'
            id='member-search-input'
            placeholder='会员号 / 完整手机号 / 昵称开头'
            confirmType='search'
            maxlength={40}
            value={text}
            onInput={(e) => setText(e.detail.value)}
            onConfirm={submit}
          />
          <View className={`btn btn--primary btn--small members__go${status === 'loading' ? ' btn--disabled' : ''}`} id='member-search-submit' hoverClass='btn--hover' onClick={submit}>
            <Text>搜索</Text>
          </View>
        </View>
        {searchedBy ? (
          <Text className='members__hint' id='member-search-hint'>
            {SEARCHED_BY[searchedBy]}
            {masked ? ' · 个人信息已脱敏' : ''}
          </Text>
        ) : null}

        {status === 'idle' ? (
          <EmptyState id='members-idle' icon='搜' title='查找会员' text='输入 10 位会员号、完整的 11 位手机号，或昵称的开头几个字。手机号只做完整匹配。' />
        ) : status === 'loading' ? (
          <View className='list'>
            <ListSkeleton rows={4} id='members-loading' />
          </View>
        ) : status === 'error' ? (
          <ErrorState id='members-error' title='搜索没有完成' message={error ?? ''} onRetry={() => void search(query)} />
        ) : items.length === 0 ? (
          <EmptyState id='members-empty' icon='无' title='没有找到会员' text={`没有与“${query}”匹配的会员，请检查后重试。`} />
        ) : (
          <>
            <DataTable id='members-table' columns={columns} rows={items} rowId={(m) => m.memberNo} onRowClick={(m) => void Taro.navigateTo({ url: `/admin/member/index?no=${m.memberNo}` })} />
            {searchedBy === 'nickname' ? <ListFooter loadingMore={loadingMore} hasMore={nextCursor !== null} error={null} onRetry={() => void loadMore()} /> : null}
            {nextCursor && !loadingMore ? (
              <View className='btn btn--ghost btn--small members__more' id='members-more' hoverClass='btn--hover' onClick={() => void loadMore()}>
                <Text>加载更多</Text>
              </View>
            ) : null}
          </>
        )}
      </View>
    </ConsoleShell>
  );
}
