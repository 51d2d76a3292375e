import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageOf } from '../../api';
import { currentChoice, useCheckout } from '../../stores/checkout';
import { formatFen, formatSignedPoints } from '../../utils/format';
import { cleanAmountInput, parseYuanToFen } from '../../utils/money-input';
import { SwitchRow } from '../components/switch-row';
import { quoteMatches } from './checkout-request';
import { CouponChips } from './coupon-chips';
import { MemberCard } from './member-card';
import { confirmText, pointsSwitchText, walletSwitchText } from './pay-text';
import { QuoteLines } from './quote-lines';

/**
 * 核对: the member, the amount typed, the server's breakdown of it, coupons, points as cash, the
 * stored value, and one big button with what is left to take.
 */
export function CheckoutStep({ onRescan }: { onRescan: () => void }) {
  const state = useCheckout();
  const [touched, setTouched] = useState(false);
  const { member, quote, quoteStatus } = state;
  if (!member) return null;

  const choice = currentChoice(state);
  const submitting = state.step === 'submitting';
  const pricing = quoteStatus === 'pending';
  const fresh = quote !== null && choice !== null && quoteStatus === 'ready' && quoteMatches(quote, choice);
  const canConfirm = fresh && !submitting;
  const shown = choice && quote && quoteStatus !== 'error' ? quote : null;

  return (
    <View>
      <MemberCard member={member} />

      <Text className='staff__label'>消费金额（元）</Text>
      <View className='staff__field' id='checkout-amount'>
        <Text className='staff__prefix'>¥</Text>
        <Input
          id='staff-amount'
          className='staff__amount-input'
          type='digit'
          placeholder='0.00'
          value={state.amountText}
          onInput={(event) => state.setAmountText(event.detail.value)}
          onBlur={() => setTouched(true)}
        />
      </View>
      {touched && state.amountText !== '' && choice === null ? (
        <Text className='staff__field-error' id='staff-amount-error'>
          请输入正确的金额，最多两位小数，单笔不超过 ¥100,000.00
        </Text>
      ) : null}

      {state.notice ? (
        <Text className='quote-notice' id='quote-notice'>
          {state.notice}
        </Text>
      ) : null}
      <QuoteArea />

      {shown ? (
        <>
          <Text className='staff__label'>优惠券</Text>
          <CouponChips quote={shown} busy={submitting} onToggle={state.toggleCoupon} onNone={state.useNoCoupon} />
        </>
      ) : null}

      <PointsSwitch />
      <WalletSwitch />

      {shown ? (
        <Text className='quote-earn' id='quote-earn'>
          本单可得 {formatSignedPoints(shown.pointsToEarn)} 积分 · 成长值 {formatSignedPoints(shown.growthToEarn)}
        </Text>
      ) : null}

      <View className='staff__actions'>
        <View id='checkout-confirm' data-remainder={fresh && quote ? String(quote.remainderFen) : ''}>
          <View
            id='staff-confirm'
            className={`btn btn--primary btn--big${canConfirm ? '' : ' btn--disabled'}`}
            hoverClass='btn--hover'
            onClick={() => {
              setTouched(true);
              void state.confirm();
            }}
          >
            <Text>{confirmText(quote, { amountValid: choice !== null, pricing: pricing || (quoteStatus === 'ready' && !fresh), submitting, failed: quoteStatus === 'error' })}</Text>
          </View>
        </View>
        <View className='btn btn--ghost staff__secondary' hoverClass='btn--hover' onClick={onRescan}>
          <Text>重新扫码</Text>
        </View>
      </View>
    </View>
  );
}

/** The breakdown, a line saying it is being priced, or why it could not be. */
function QuoteArea() {
  const quote = useCheckout((s) => s.quote);
  const status = useCheckout((s) => s.quoteStatus);
  const error = useCheckout((s) => s.quoteError);
  const amountText = useCheckout((s) => s.amountText);
  const requote = useCheckout((s) => s.requote);
  if (parseYuanToFen(amountText) === null) return null;
  if (status === 'error') {
    return (
      <View className='quote-error' id='quote-error'>
        <Text className='quote-error__text'>{messageOf(error)}</Text>
        <View id='quote-retry' className='btn btn--ghost btn--small' hoverClass='btn--hover' onClick={requote}>
          <Text>重新计算</Text>
        </View>
      </View>
    );
  }
  if (!quote) {
    return (
      <View className='quote quote--loading' id='quote-loading'>
        <Text className='staff__hint'>正在计算价格…</Text>
      </View>
    );
  }
  return <QuoteLines id='quote-lines' lines={quote.lines} stale={status === 'pending'} />;
}

function PointsSwitch() {
  const quote = useCheckout((s) => s.quote);
  const usePoints = useCheckout((s) => s.usePoints);
  const setUsePoints = useCheckout((s) => s.setUsePoints);
  const text = pointsSwitchText(quote?.points ?? null, usePoints);
  return <SwitchRow id='use-points' subId='use-points-text' title='积分抵现' sub={text.sub} on={usePoints} disabled={text.disabled} onToggle={setUsePoints} />;
}

function WalletSwitch() {
  const member = useCheckout((s) => s.member);
  const quote = useCheckout((s) => s.quote);
  const wallet = useCheckout((s) => s.wallet);
  const setWallet = useCheckout((s) => s.setWallet);
  const [text, setText] = useState('');
  if (!member) return null;
  const sub = walletSwitchText(member.walletFen, quote?.wallet ?? null, quote?.remainderFen ?? null, wallet.on);
  const typedFen = text === '' ? null : parseYuanToFen(text);

  function toggle(on: boolean) {
    setText('');
    setWallet(on ? { on: true, fen: null } : { on: false });
  }

  function type(value: string) {
    const cleaned = cleanAmountInput(value);
    setText(cleaned);
    const fen = cleaned === '' ? null : parseYuanToFen(cleaned);
    if (cleaned === '' || fen !== null) setWallet({ on: true, fen });
  }

  return (
    <SwitchRow id='staff-wallet' subId='staff-wallet-split' title='使用储值支付' sub={sub.sub} on={wallet.on} disabled={sub.disabled} onToggle={toggle}>
      {wallet.on && quote ? (
        <View className='quote-wallet'>
          <Text className='quote-wallet__label'>储值支付金额</Text>
          <Input
            id='wallet-amount'
            className='quote-wallet__input'
            type='digit'
            placeholder={`最多 ${formatFen(quote.wallet.maxFen)}`}
            value={text}
            onInput={(event) => type(event.detail.value)}
          />
          {text !== '' && typedFen === null ? <Text className='staff__field-error'>请输入正确的金额</Text> : null}
          {typedFen !== null && typedFen > quote.wallet.maxFen ? (
            <Text className='quote-wallet__note' id='wallet-amount-capped'>
              本单储值最多可付 {formatFen(quote.wallet.maxFen)}
            </Text>
          ) : null}
        </View>
      ) : null}
    </SwitchRow>
  );
}
