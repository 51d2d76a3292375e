import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { useGiftVerification } from '../../stores/staff-gift';
import { lastValidText } from '../../components/coupon-card/validity';
import { formatTime } from '../../utils/format';
import { CodeScanner } from '../components/code-scanner';
import { FailureOutcome } from '../components/failure-outcome';
import { Fact } from '../components/fact';
import { useNow } from '../components/use-now';
import { describeGiftFailure } from './gift-failure';
import { canUndo, undoTimeLeft } from './undo-window';
import '../staff.scss';
import './index.scss';

/**
 * 兑换券核销, one step per screen: scan the member's gift code → who, what and until when →
 * 确认核销 → a big ✓ with 撤销 for the next 10 minutes, or a big ✕ with the reason.
 */
export default function GiftPage() {
  const step = useGiftVerification((state) => state.step);
  const previewToken = useGiftVerification((state) => state.previewToken);

  useDidShow(() => {
    redirectToDevLoginIfNeeded();
  });

  return (
    <View className='staff'>
      {step === 'scan' || step === 'previewing' ? (
        <CodeScanner
          title='核销兑换券'
          hint='请会员打开兑换券，出示券码（每 30 秒刷新，截图无效）。'
          placeholder='粘贴券码内容'
          busy={step === 'previewing'}
          busyText='正在查询…'
          inputId='gift-token-input'
          submitId='gift-token-submit'
          cameraId='gift-scan-camera'
          onCode={(token) => void previewToken(token)}
        />
      ) : null}
      {step === 'preview' || step === 'redeeming' ? <PreviewStep /> : null}
      {step === 'done' ? <DoneStep /> : null}
      {step === 'failure' ? <FailureStep /> : null}
    </View>
  );
}

function PreviewStep() {
  const preview = useGiftVerification((state) => state.preview);
  const step = useGiftVerification((state) => state.step);
  const { redeem, restart } = useGiftVerification.getState();
  if (!preview) return null;
  const redeeming = step === 'redeeming';
  return (
    <View>
      <View className='gift-card' id='gift-preview' data-usable={preview.usable ? 'true' : 'false'}>
        <Text className='gift-card__kicker'>兑换</Text>
        <Text className='gift-card__item' id='gift-item'>
          {preview.itemName}
        </Text>
        <Text className='gift-card__name'>{preview.name}</Text>
        <View className='staff__facts'>
          <Fact label='会员' value={`${preview.nickname} · ${preview.memberNoMasked}`} id='gift-member' />
          <Fact label='有效期至' value={lastValidText(preview.validUntil)} id='gift-valid' />
        </View>
        {preview.usable ? null : (
          <View className='gift-card__refusal' id='gift-refusal'>
            <Text className='gift-card__reason' id='gift-unusable'>
              不能核销：{preview.reasonText ?? '这张兑换券现在不能使用'}
            </Text>
            <Text className='gift-card__reason-hint'>请勿交付物品</Text>
          </View>
        )}
      </View>
      <View className='staff__actions'>
        {preview.usable ? (
          <View id='gift-redeem' className={`btn btn--primary btn--big${redeeming ? ' btn--disabled' : ''}`} hoverClass='btn--hover' onClick={() => void redeem()}>
            <Text>{redeeming ? '正在核销…' : `确认核销，交付${preview.itemName}`}</Text>
          </View>
        ) : null}
        <View id='gift-rescan' className={`btn ${preview.usable ? 'btn--ghost staff__secondary' : 'btn--primary btn--big'}`} hoverClass='btn--hover' onClick={restart}>
          <Text>{preview.usable ? '取消' : '重新扫码'}</Text>
        </View>
      </View>
    </View>
  );
}

function DoneStep() {
  const redemption = useGiftVerification((state) => state.redemption);
  const undoing = useGiftVerification((state) => state.undoing);
  const undoError = useGiftVerification((state) => state.undoError);
  const { undo, restart } = useGiftVerification.getState();
  const now = useNow(1000);
  if (!redemption) return null;
  const undone = redemption.status === 'undone';
  const undoable = canUndo(redemption, now);

  return (
    <View>
      <View className='staff__outcome' id='gift-result' data-status={redemption.status}>
        {undone ? (
          <View className='staff__mark staff__mark--undone'>
            <Text>↺</Text>
          </View>
        ) : (
          <View className='staff__mark staff__mark--ok'>
            <View className='staff__tick' />
          </View>
        )}
        <Text className='staff__outcome-title'>{undone ? '已撤销核销' : '核销成功'}</Text>
        <Text className='staff__outcome-reason'>{undone ? '兑换券已退回会员，请收回物品' : `请交付：${redemption.itemName}`}</Text>
        <View className='staff__facts'>
          <Fact label='兑换券' value={redemption.name} />
          <Fact label='会员' value={redemption.memberNoMasked} />
          <Fact label='核销时间' value={formatTime(redemption.redeemedAt)} />
          {redemption.undoneAt ? <Fact label='撤销时间' value={formatTime(redemption.undoneAt)} /> : null}
        </View>
        {undoError ? (
          <Text className='gift-card__reason' id='gift-undo-error'>
            {messageOf(undoError)}
          </Text>
        ) : null}
      </View>
      <View className='staff__actions'>
        <View id='gift-next' className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={restart}>
          <Text>继续核销</Text>
        </View>
        {!undone && undoable && !undoError ? (
          <View id='gift-undo' className={`btn btn--ghost staff__secondary${undoing ? ' btn--disabled' : ''}`} hoverClass='btn--hover' onClick={() => void undo()}>
            <Text>{undoing ? '正在撤销…' : `撤销核销（${undoTimeLeft(redemption.undoUntil, now)}）`}</Text>
          </View>
        ) : null}
        <View className='btn btn--ghost staff__secondary' hoverClass='btn--hover' onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/home/index' }))}>
          <Text>返回工作台</Text>
        </View>
      </View>
    </View>
  );
}

function FailureStep() {
  const failure = useGiftVerification((state) => state.failure);
  const token = useGiftVerification((state) => state.token);
  const { previewToken, redeem, restart } = useGiftVerification.getState();
  if (!failure) return null;
  const view = describeGiftFailure(failure.error, failure.during);
  // 重试 sends the same request: the same token, and for a redemption the same request id.
  const retry = () => void (failure.during === 'redeem' ? redeem() : previewToken(token));
  const primary =
    view.next === 'retry'
      ? { label: '重试', onClick: retry }
      : view.next === 'log'
        ? { label: '返回工作台', onClick: () => void Taro.redirectTo({ url: '/staff/home/index' }) }
        : null;

  return <FailureOutcome idPrefix='gift' error={failure.error} title={view.title} reason={view.reason} primary={primary} onRescan={restart} />;
}
