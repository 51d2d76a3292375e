import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { useCheckout } from '../../stores/checkout';
import { CodeScanner } from '../components/code-scanner';
import { CheckoutStep } from './checkout-step';
import { FailureStep } from './failure-step';
import { SuccessStep } from './success-step';
import '../staff.scss';
import './checkout.scss';

/**
 * The cashier's checkout, one step per screen: scan the member code → the member, the amount and
 * the server's breakdown (coupons, points as cash, stored value) → confirm → a big ✓ or ✕.
 */
export default function ScanPage() {
  const step = useCheckout((state) => state.step);
  const lookup = useCheckout((state) => state.lookup);
  const { restart, rescan } = useCheckout.getState();

  useDidShow(() => {
    redirectToDevLoginIfNeeded();
  });

  return (
    <View className='staff'>
      {step === 'scan' || step === 'looking' ? (
        <CodeScanner
          title='扫会员码'
          hint='请会员打开小程序「会员码」，对准扫码。'
          placeholder='粘贴会员码内容'
          busy={step === 'looking'}
          busyText='正在查询会员…'
          inputId='staff-code-input'
          submitId='staff-code-submit'
          cameraId='staff-scan-camera'
          onCode={(code) => void lookup(code)}
        />
      ) : null}
      {step === 'member' || step === 'submitting' ? <CheckoutStep onRescan={rescan} /> : null}
      {step === 'success' ? <SuccessStep onNext={restart} /> : null}
      {step === 'failure' ? <FailureStep onRescan={rescan} /> : null}
    </View>
  );
}
