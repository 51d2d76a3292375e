import { Text, View } from '@tarojs/components';
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { QrCode } from '../../components/qr-code';
import { codeValidUntil, useMemberCode } from '../../stores/member-code';
import { useMemberStore } from '../../stores/member';
import { formatMemberNo } from '../../utils/format';
import { useScreenBrightness } from './brightness';
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
  const load = useMemberCode((state) => state.load);
  const nickname = useMemberStore((state) => state.me?.member.nickname);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const brightness = useScreenBrightness();

  function stopClock() {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  }

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    brightness.raise();
    void load();
    stopClock();
    timer.current = setInterval(() => {
      const at = Date.now();
      setNow(at);
      const { code: shown, receivedAt: since, status: state } = useMemberCode.getState();
      // Refresh on schedule; after a failure try again every tick until one arrives.
      if (state !== 'loading' && (!shown || at >= since + shown.refreshAfterMs)) void load();
    }, 1000);
  });
  useDidHide(() => {
    stopClock();
    brightness.restore();
  });
  useUnload(() => {
    stopClock();
    brightness.restore();
  });

  // The clock ticks once a second; a code that arrived since counts from its own arrival.
  const at = Math.max(now, receivedAt);
  const valid = code !== null && at < codeValidUntil(code, receivedAt);
  const left = code ? Math.max(0, receivedAt + code.refreshAfterMs - at) : 0;
  const refreshIn = Math.ceil(left / 1000);
  const fraction = code ? left / code.refreshAfterMs : 0;

  return (
    <View className='code-page'>
      <View className='code-page__card'>
        <Text className='code-page__hint'>请向店员出示</Text>
        {nickname ? <Text className='code-page__name'>{nickname}</Text> : null}

        <View className='code-page__qr-box'>
          {code && valid ? (
            <QrCode text={code.token} id='member-code-qr' />
          ) : status === 'error' || (code && !valid) ? (
            <View className='code-page__expired' id='member-code-error' onClick={() => void load()}>
              <Text className='code-page__expired-title'>{code ? '会员码已失效' : '会员码没有加载出来'}</Text>
              <Text className='code-page__expired-text'>{error ?? '请点击刷新后再出示'}</Text>
              <View className='btn btn--primary code-page__retry' hoverClass='btn--hover'>
                <Text>重试</Text>
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
            <Text>{status === 'loading' ? '正在刷新…' : valid ? `${refreshIn} 秒后自动刷新 · 点此刷新` : '点此刷新'}</Text>
          </View>
        </View>
      </View>
      <Text className='code-page__note'>会员码每 30 秒自动更新，截图无效。积分与储值消费由店员扫码后记录。</Text>
    </View>
  );
}
