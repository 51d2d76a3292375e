import { Input, Text, View } from '@tarojs/components';
import type { MemberLookupResult, RecordPurchaseResult } from '@contract';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { useCheckout } from '../../stores/staff';
import { readableOn, tierColor } from '../../theme';
import { formatFen, formatPoints, formatSignedPoints } from '../../utils/format';
import { cleanAmountInput, parseYuanToFen } from '../../utils/money-input';
import { describeFailure } from './failure';
import { splitWalletPayment } from './wallet-split';
import '../staff.scss';

/**
 * The cashier's checkout, one step per screen: scan the member code → check the member and
 * type the amount → confirm → a big ✓ or ✕ with the reason.
 */
export default function ScanPage() {
  const step = useCheckout((state) => state.step);
  const [amountText, setAmountText] = useState('');
  const [payByWallet, setPayByWallet] = useState(false);

  useDidShow(() => {
    redirectToDevLoginIfNeeded();
  });

  /** The next customer: a clean slate. */
  function startOver() {
    setAmountText('');
    setPayByWallet(false);
    useCheckout.getState().restart();
  }

  /** Same customer, scanned again (e.g. the code had expired): the amount typed so far stays. */
  function rescan() {
    useCheckout.getState().restart();
  }

  return (
    <View className='staff'>
      {step === 'scan' || step === 'looking' ? <ScanStep looking={step === 'looking'} /> : null}
      {step === 'member' || step === 'submitting' ? (
        <MemberStep
          amountText={amountText}
          onAmount={setAmountText}
          payByWallet={payByWallet}
          onPayByWallet={setPayByWallet}
          onRescan={rescan}
        />
      ) : null}
      {step === 'success' ? <SuccessStep onNext={startOver} /> : null}
      {step === 'failure' ? <FailureStep amountText={amountText} payByWallet={payByWallet} onRescan={rescan} /> : null}
    </View>
  );
}

function ScanStep({ looking }: { looking: boolean }) {
  const lookup = useCheckout((state) => state.lookup);
  const [typed, setTyped] = useState('');

  async function scan() {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      void lookup(result);
    } catch {
      // The cashier closed the camera: stay on this screen.
    }
  }

  return (
    <View>
      <Text className='staff__title'>扫会员码</Text>
      <Text className='staff__hint'>请会员打开小程序「会员码」，对准扫码。</Text>
      {process.env.TARO_ENV === 'h5' ? (
        <>
          <View className='staff__field'>
            <Input
              id='staff-code-input'
              className='staff__input'
              placeholder='粘贴会员码内容'
              value={typed}
              onInput={(event) => setTyped(event.detail.value)}
              onConfirm={() => void lookup(typed)}
            />
          </View>
          <View className='staff__actions'>
            <View
              id='staff-code-submit'
              className={`btn btn--primary btn--big${looking || !typed.trim() ? ' btn--disabled' : ''}`}
              hoverClass='btn--hover'
              onClick={() => void lookup(typed)}
            >
              <Text>{looking ? '正在查询会员…' : '确认'}</Text>
            </View>
          </View>
        </>
      ) : (
        <View className='staff__actions'>
          <View id='staff-scan-camera' className={`btn btn--primary btn--big${looking ? ' btn--disabled' : ''}`} hoverClass='btn--hover' onClick={() => void scan()}>
            <Text>{looking ? '正在查询会员…' : '扫码'}</Text>
          </View>
        </View>
      )}
    </View>
  );
}

interface MemberStepProps {
  amountText: string;
  onAmount: (text: string) => void;
  payByWallet: boolean;
  onPayByWallet: (on: boolean) => void;
  onRescan: () => void;
}

function MemberStep({ amountText, onAmount, payByWallet, onPayByWallet, onRescan }: MemberStepProps) {
  const member = useCheckout((state) => state.member);
  const step = useCheckout((state) => state.step);
  const record = useCheckout((state) => state.record);
  const [touched, setTouched] = useState(false);
  if (!member) return null;

  const amountFen = parseYuanToFen(amountText);
  // Any balance can pay part of the bill: the switch is off-limits only for an empty wallet.
  const hasWallet = member.walletFen > 0;
  const walletOn = payByWallet && hasWallet;
  const { walletFen, restFen } = splitWalletPayment(amountFen, member.walletFen, walletOn);
  const submitting = step === 'submitting';

  function confirm() {
    setTouched(true);
    if (amountFen === null || submitting) return;
    void record(amountFen, walletFen);
  }

  return (
    <View>
      <MemberCard member={member} />

      <Text className='staff__label'>消费金额（元）</Text>
      <View className='staff__field'>
        <Text className='staff__prefix'>¥</Text>
        <Input
          id='staff-amount'
          className='staff__amount-input'
          type='digit'
          placeholder='0.00'
          value={amountText}
          onInput={(event) => onAmount(cleanAmountInput(event.detail.value))}
          onBlur={() => setTouched(true)}
        />
      </View>
      {touched && amountText !== '' && amountFen === null ? (
        <Text className='staff__field-error' id='staff-amount-error'>
          请输入正确的金额，最多两位小数，单笔不超过 ¥100,000.00
        </Text>
      ) : null}

      <View
        id='staff-wallet'
        className={`staff-toggle${walletOn ? ' staff-toggle--on' : ''}${!hasWallet ? ' staff-toggle--disabled' : ''}`}
        onClick={() => hasWallet && onPayByWallet(!payByWallet)}
      >
        <View className='staff-toggle__text'>
          <Text className='staff-toggle__title'>使用储值支付</Text>
          <Text className='staff-toggle__sub' id='staff-wallet-split'>
            {!hasWallet
              ? '该会员没有储值余额'
              : !walletOn || amountFen === null
                ? `储值余额 ${formatFen(member.walletFen)}`
                : restFen > 0
                  ? `储值支付 ${formatFen(walletFen)}，另收 ${formatFen(restFen)}`
                  : `储值支付 ${formatFen(walletFen)}，无需另收`}
          </Text>
        </View>
        <View className={`staff-toggle__switch${walletOn ? ' staff-toggle__switch--on' : ''}`}>
          <View className={`staff-toggle__knob${walletOn ? ' staff-toggle__knob--on' : ''}`} />
        </View>
      </View>

      <View className='staff__actions'>
        <View
          id='staff-confirm'
          className={`btn btn--primary btn--big${amountFen === null || submitting ? ' btn--disabled' : ''}`}
          hoverClass='btn--hover'
          onClick={confirm}
        >
          <Text>{submitting ? '正在记录…' : amountFen === null ? '请输入金额' : `确认收款 ${formatFen(amountFen)}`}</Text>
        </View>
        <View className='btn btn--ghost' hoverClass='btn--hover' onClick={onRescan}>
          <Text>重新扫码</Text>
        </View>
      </View>
    </View>
  );
}

function MemberCard({ member }: { member: MemberLookupResult }) {
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

function SuccessStep({ onNext }: { onNext: () => void }) {
  const result = useCheckout((state) => state.result);
  if (!result) return null;
  return (
    <View>
      <View className='staff__outcome' id='staff-result'>
        <View className='staff__mark staff__mark--ok'>
          <View className='staff__tick' />
        </View>
        <Text className='staff__outcome-title'>收款成功</Text>
        <Text className='staff__points' id='staff-result-points'>
          {formatSignedPoints(result.pointsEarned)} 积分
        </Text>
        {result.upgraded ? <UpgradeBanner result={result} /> : null}
        <View className='staff__facts'>
          <Fact label='消费金额' value={formatFen(result.amountFen)} />
          <Fact
            label='储值支付'
            value={result.walletPaidFen > 0 ? `${formatFen(result.walletPaidFen)}（本金 ${formatFen(result.walletPaid.principal)} · 赠送 ${formatFen(result.walletPaid.bonus)}）` : '未使用'}
          />
          {result.walletPaidFen > 0 && result.walletPaidFen < result.amountFen ? (
            <Fact label='另收' value={formatFen(result.amountFen - result.walletPaidFen)} />
          ) : null}
          <Fact label='积分余额' value={formatPoints(result.balances.points)} />
          {result.balances.walletFen !== null ? <Fact label='储值余额' value={formatFen(result.balances.walletFen)} /> : null}
        </View>
        {result.debtSettled > 0 ? <Text className='staff__note'>其中 {formatPoints(result.debtSettled)} 积分抵扣了此前退款欠下的积分</Text> : null}
        {result.pointsCappedBy > 0 ? <Text className='staff__note'>已达每日积分上限，本单少计 {formatPoints(result.pointsCappedBy)} 积分</Text> : null}
      </View>
      <View className='staff__actions'>
        <View id='staff-next' className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={onNext}>
          <Text>继续收银</Text>
        </View>
        <View className='btn btn--ghost' hoverClass='btn--hover' onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/home/index' }))}>
          <Text>返回今日记录</Text>
        </View>
      </View>
    </View>
  );
}

function UpgradeBanner({ result }: { result: RecordPurchaseResult }) {
  const color = tierColor(result.tier.code, result.tier.color);
  return (
    <View className='staff__banner' id='staff-upgraded' style={{ backgroundColor: color, color: readableOn(color) }}>
      <Text>会员升级为 {result.tier.name}！</Text>
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className='staff__fact'>
      <Text className='staff__fact-label'>{label}</Text>
      <Text className='staff__fact-value'>{value}</Text>
    </View>
  );
}

function FailureStep({ amountText, payByWallet, onRescan }: { amountText: string; payByWallet: boolean; onRescan: () => void }) {
  const failure = useCheckout((state) => state.failure);
  const member = useCheckout((state) => state.member);
  const code = useCheckout((state) => state.code);
  if (!failure) return null;
  const view = describeFailure(failure.error, failure.during);

  function retry() {
    const { lookup, record } = useCheckout.getState();
    if (failure?.during === 'lookup') {
      void lookup(code);
      return;
    }
    const amountFen = parseYuanToFen(amountText);
    if (amountFen === null || !member) return;
    // The same split as the member screen showed, so a retry sends the same request.
    void record(amountFen, splitWalletPayment(amountFen, member.walletFen, payByWallet).walletFen);
  }

  const primary =
    view.next === 'retry'
      ? { label: '重试', onClick: retry }
      : view.next === 'edit'
        ? { label: '返回修改', onClick: () => useCheckout.getState().backToMember() }
        : view.next === 'log'
          ? { label: '查看今日记录', onClick: () => void Taro.redirectTo({ url: '/staff/home/index' }) }
          : { label: '重新扫码', onClick: onRescan };

  return (
    <View>
      <View className='staff__outcome' id='staff-error' data-code={(failure.error as { code?: string }).code}>
        <View className='staff__mark staff__mark--fail'>
          <Text>✕</Text>
        </View>
        <Text className='staff__outcome-title'>{view.title}</Text>
        <Text className='staff__outcome-reason'>{view.reason}</Text>
      </View>
      <View className='staff__actions'>
        <View id='staff-failure-next' className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={primary.onClick}>
          <Text>{primary.label}</Text>
        </View>
        {view.next !== 'rescan' ? (
          <View className='btn btn--ghost' hoverClass='btn--hover' onClick={onRescan}>
            <Text>重新扫码</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
