import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { localOpenid, redirectToDevLoginIfNeeded } from '../../api/identity';
import { countdown } from '../../components/live-code/countdown';
import { useLiveCode } from '../../components/live-code/use-live-code';
import { QrCode } from '../../components/qr-code';
import { codeValidUntil, useMemberCode } from '../../stores/member-code';
import { useMemberStore } from '../../stores/member';
import { formatMemberNo } from '../../utils/format';
import './index.scss';

/**
 * The member code shown at the counter: a QR code of a signed token that lives 60 seconds,
 * fetched again every 30 seconds while the page is on screen, with the screen at full brightness.
 */
export default function MemberCodePage() {
  const code = useMemberCode((state) => state.code);
  const receivedAt = useMemberCode((state) => state.receivedAt);
  const status = useMemberCode((state) => state.status);
  const error = useMemberCode((state) => state.error);
  const refreshing = useMemberCode((state) => state.refreshing);
  const retryAt = useMemberCode((state) => state.retryAt);
  const load = useMemberCode((state) => state.load);
  const nickname = useMemberStore((state) => state.me?.member.nickname);
  // In the browser nothing is fetched before an identity is picked (the page redirects instead).
  const now = useLiveCode(useMemberCode, process.env.TARO_ENV !== 'h5' || localOpenid() !== null);

  useDidShow(() => {
    redirectToDevLoginIfNeeded();
  });

  const { valid, failed, fraction, label: countdownText } = countdown(
    { code, receivedAt, status, refreshing, retryAt, validUntil: code ? codeValidUntil(code, receivedAt) : 0 },
    now,
  );

  return (
    <View className='code-page'>
      <View className='code-page__card'>
        <Text className='code-page__hint'>请向店员出示</Text>
        {nickname ? <Text className='code-page__name'>{nickname}</Text> : null}

        <View className='code-page__qr-box'>
          {code && valid ? (
            <QrCode text={code.token} id='member-code-qr' />
          ) : failed || (code && !valid) ? (
            // An expired code is never drawn: a cashier must not scan a dead one.
            <View className='code-page__expired' id='member-code-error' onClick={() => void load()}>
              <Text className='code-page__expired-title'>{code ? '会员码已失效' : '会员码没有加载出来'}</Text>
              <Text className='code-page__expired-text'>
                {failed ? (error ?? '网络不太好，请稍后重试') : refreshing ? '正在获取新的会员码…' : '请点击刷新后再出示'}
              </Text>
              <View className={`btn btn--primary code-page__retry${refreshing ? ' btn--disabled' : ''}`} hoverClass='btn--hover'>
                <Text>{refreshing ? '正在刷新…' : '重试'}</Text>
              </View>
            </View>
          ) : (
            <View className='code-page__placeholder' id='member-code-loading'>
              <Text>正在生成会员码…</Text>
            </View>
          )}
        </View>

        {code ? (
          <>
            <Text className='code-page__no' id='member-code-no'>
              {formatMemberNo(code.memberNo)}
            </Text>
            <Text className='visually-hidden' id='member-code-token'>
              {valid ? code.token : ''}
            </Text>
          </>
        ) : null}

        <View className='code-page__countdown' id='member-code-countdown'>
          <View className='code-page__bar'>
            <View className='code-page__bar-fill' style={{ width: `${Math.round(fraction * 100)}%` }} />
          </View>
          <View className='code-page__refresh' hoverClass='btn--hover' onClick={() => void load()}>
            <Text>{countdownText}</Text>
          </View>
        </View>
      </View>
      <Text className='code-page__note'>会员码每 30 秒自动更新，截图无效。积分与储值消费由店员扫码后记录。</Text>
    </View>
  );
}
