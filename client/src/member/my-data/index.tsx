import { Text, View } from '@tarojs/components';
import type { ExportResult } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { PrivacyPopup } from '../../components/privacy-popup';
import { useMemberStore } from '../../stores/member';
import { usePrivacyStatus } from '../../stores/privacy';
import { useDataExport, useProfile } from '../../stores/profile';
import { formatDate, formatDateTime, formatFen, formatMemberNo, formatPoints } from '../../utils/format';
import { countLines } from './counts';
import './index.scss';

/** 我的数据: what is held about the member, and 导出 as a file with a temporary link. */
export default function MyDataPage() {
  const profile = useProfile((state) => state.data);
  const profileStatus = useProfile((state) => state.status);
  const profileError = useProfile((state) => state.error);
  const loadProfile = useProfile((state) => state.load);
  const me = useMemberStore((state) => state.me);
  const refreshMe = useMemberStore((state) => state.refresh);
  const privacy = usePrivacyStatus((state) => state.data);
  const loadPrivacy = usePrivacyStatus((state) => state.load);
  const exporting = useDataExport((state) => state.running);
  const exported = useDataExport((state) => state.result);
  const exportError = useDataExport((state) => state.error);
  const runExport = useDataExport((state) => state.run);

  const loadAll = () => Promise.all([loadProfile(), refreshMe(), loadPrivacy()]);
  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void loadAll();
  });
  usePullDownRefresh(() => {
    void loadAll().finally(() => Taro.stopPullDownRefresh());
  });
  // The link is temporary: it is not kept for the next visit.
  useUnload(() => useDataExport.getState().reset());

  const rows: [string, string, string][] = profile
    ? [
        ['data-member-no', '会员号', formatMemberNo(profile.memberNo)],
        ['data-nickname', '昵称', profile.nickname],
        ['data-avatar', '头像', profile.avatarUrl ? '已设置' : '未设置'],
        ['data-birthday', '生日', profile.birthday ?? '未设置'],
        ['data-phone', '手机号', profile.phoneMasked ? `${profile.phoneMasked}（加密保存）` : '未验证'],
        ...(me
          ? ([
              ['data-registered', '注册时间', formatDate(me.member.registeredAt)],
              ['data-points', '积分', formatPoints(me.balances.points)],
              ['data-growth', '成长值', formatPoints(me.balances.growth)],
              ['data-wallet', '储值（本金 / 赠送）', `${formatFen(me.balances.walletPrincipal)} / ${formatFen(me.balances.walletBonus)}`],
            ] as [string, string, string][])
          : []),
        ...(privacy ? ([['data-consents', '授权与协议记录', `${privacy.consents.length + privacy.policies.filter((p) => p.acceptedVersion).length} 条`]] as [string, string, string][]) : []),
      ]
    : [];

  return (
    <View className='page my-data'>
      <Text className='section-title'>我们保存的你的信息</Text>
      {profile ? (
        <View className='list' id='my-data-held'>
          {rows.map(([id, title, value]) => (
            <View key={id} className='row' id={id}>
              <Text className='row__title'>{title}</Text>
              <Text className='my-data__value'>{value}</Text>
            </View>
          ))}
        </View>
      ) : profileStatus === 'error' ? (
        <ErrorState id='my-data-error' message={profileError ?? ''} onRetry={() => void loadAll()} />
      ) : (
        <View className='list'>
          <ListSkeleton id='my-data-loading' rows={5} />
        </View>
      )}
      <Text className='my-data__note'>此外还保存你的积分与储值流水、消费记录和优惠券，导出文件中逐条列出。</Text>

      <Text className='section-title'>导出</Text>
      <View className='card'>
        <Text className='my-data__text'>导出一份包含以上全部信息及流水、消费、优惠券和授权记录的文件（JSON 格式），通过临时链接下载。</Text>
        <View className={`btn btn--primary my-data__export${exporting ? ' btn--disabled' : ''}`} id='export-data' hoverClass='btn--hover' onClick={() => void runExport()}>
          <Text>{exporting ? '正在生成…' : exported ? '重新导出' : '导出我的数据'}</Text>
        </View>
        {exportError ? (
          <Text className='my-data__error' id='export-error'>
            {exportError}
          </Text>
        ) : null}
      </View>
      {exported ? <ExportDone result={exported} /> : null}
      {/* 复制链接 uses the clipboard, which WeChat counts as personal data: it may ask first. */}
      <PrivacyPopup />
    </View>
  );
}

function ExportDone({ result }: { result: ExportResult }) {
  const lines = countLines(result.counts);
  return (
    <View className='card my-data__done' id='export-done'>
      <Text className='my-data__done-title'>导出完成</Text>
      <Text className='my-data__link' id='export-link' userSelect>
        {result.url}
      </Text>
      <Text className='my-data__sub' id='export-expires'>
        链接有效至 {formatDateTime(result.expiresAt)}，请及时下载
      </Text>
      <View className='my-data__actions'>
        <View
          className='btn btn--ghost btn--small'
          id='export-copy'
          hoverClass='btn--hover'
          onClick={() => void Taro.setClipboardData({ data: result.url }).then(() => Taro.showToast({ title: '链接已复制，可在浏览器中打开', icon: 'none' }))}
        >
          <Text>复制链接</Text>
        </View>
        {process.env.TARO_ENV === 'h5' ? (
          <View className='btn btn--primary btn--small' id='export-open' hoverClass='btn--hover' onClick={() => window.open(result.url, '_blank')}>
            <Text>打开文件</Text>
          </View>
        ) : null}
      </View>
      {lines.length > 0 ? (
        <View className='my-data__counts' id='export-counts'>
          {lines.map((line) => (
            <View key={line.key} className='my-data__count' id={`export-count-${line.key}`}>
              <Text>{line.label}</Text>
              <Text className='my-data__count-value'>{formatPoints(line.count)} 条</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
