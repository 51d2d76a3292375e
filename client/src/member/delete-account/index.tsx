import { Text, View } from '@tarojs/components';
import type { DeletionPreview } from '@contract';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useShownResource } from '../../components/use-shown-resource';
import { colors } from '../../theme';
import { deleteAccount, useDeletionPreview } from '../../stores/profile';
import { formatFen, formatPoints } from '../../utils/format';
import { deletionPlan } from './plan';
import './index.scss';

/** 注销账户: what will happen first (refund, forfeit, erase), then a final confirmation. */
export default function DeleteAccountPage() {
  // Back from 储值 after a refund: the preview must be the server's again.
  const { data: preview, status, error, load } = useShownResource(useDeletionPreview);

  return (
    <View className='page delete-account'>
      {preview ? (
        <Preview preview={preview} onChanged={() => void load()} />
      ) : status === 'error' ? (
        <ErrorState id='delete-error' title='注销信息没有加载出来' message={error ?? ''} onRetry={() => void load()} />
      ) : (
        <View className='list'>
          <ListSkeleton id='delete-loading' rows={4} />
        </View>
      )}
    </View>
  );
}

function Preview({ preview, onChanged }: { preview: DeletionPreview; onChanged: () => void }) {
  const [forfeit, setForfeit] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const plan = deletionPlan(preview, forfeit);

  async function confirmDelete() {
    if (!plan.canDelete || deleting) return;
    const lost = [preview.points > 0 ? `${formatPoints(preview.points)} 积分` : '', plan.forfeitFen > 0 ? `${formatFen(plan.forfeitFen)} 储值` : '']
      .filter(Boolean)
      .join('、');
    const { confirm } = await Taro.showModal({
      title: '确认注销',
      content: `注销后无法恢复${lost ? `，${lost}将作废` : ''}。你的昵称、头像、手机号和生日将被删除，再次打开小程序将是新会员。`,
      confirmText: '确认注销',
      cancelText: '再想想',
      confirmColor: colors.danger,
    });
    if (!confirm) return;
    setDeleting(true);
    try {
      await deleteAccount(plan.needsForfeit && forfeit);
      void Taro.showToast({ title: '账户已注销', icon: 'success' });
    } catch {
      // Toasted by the call (WALLET_NOT_EMPTY, FORFEIT_REQUIRED…): show the server's preview again.
      setDeleting(false);
      onChanged();
    }
  }

  return (
    <>
      <View className='card delete-account__intro'>
        <Text className='delete-account__title'>注销前请确认</Text>
        <View className='delete-account__lines' id='delete-consequences'>
          {preview.consequences.map((line) => (
            <Text key={line} className='delete-account__line'>
              · {line}
            </Text>
          ))}
        </View>
      </View>

      <Text className='section-title'>将作废的权益</Text>
      <View className='list'>
        <View className='row' id='delete-points'>
          <Text className='row__title'>积分</Text>
          <Text className='delete-account__amount'>{formatPoints(preview.points)}</Text>
        </View>
        <View className='row' id='delete-refundable'>
          <View className='row__main'>
            <Text className='row__title'>可退本金</Text>
            <Text className='row__sub'>{plan.refundFirst ? '请先到储值页申请退款，原路退回微信支付' : '没有可退的本金'}</Text>
          </View>
          <Text className='delete-account__amount'>{formatFen(preview.refundablePrincipalFen)}</Text>
        </View>
        <View className='row' id='delete-forfeit-amount'>
          <View className='row__main'>
            <Text className='row__title'>将放弃的储值</Text>
            <Text className='row__sub'>已过退款期的本金 {formatFen(preview.unrefundablePrincipalFen)} · 赠送金 {formatFen(preview.bonusFen)}</Text>
          </View>
          <Text className='delete-account__amount'>{formatFen(plan.forfeitFen)}</Text>
        </View>
      </View>

      {plan.refundFirst ? (
        <View className='btn btn--primary delete-account__refund' id='delete-go-refund' hoverClass='btn--hover' onClick={() => void Taro.navigateTo({ url: '/pages/wallet/index' })}>
          <Text>去储值页退款 {formatFen(preview.refundablePrincipalFen)}</Text>
        </View>
      ) : null}

      {plan.needsForfeit && !plan.refundFirst ? (
        <View className={`delete-account__forfeit${forfeit ? ' delete-account__forfeit--on' : ''}`} id='delete-forfeit' hoverClass='row--hover' onClick={() => setForfeit(!forfeit)}>
          <View className='delete-account__check'>
            <Text>{forfeit ? '✓' : ''}</Text>
          </View>
          <Text className='delete-account__forfeit-text'>我确认放弃剩余储值 {formatFen(plan.forfeitFen)}，注销后不能找回</Text>
        </View>
      ) : null}

      {plan.blocked ? (
        <Text className='delete-account__blocked' id='delete-blocked'>
          {plan.blocked}
        </Text>
      ) : null}

      <View
        className={`btn btn--danger btn--big delete-account__confirm${plan.canDelete && !deleting ? '' : ' btn--disabled'}`}
        id='delete-confirm'
        hoverClass={plan.canDelete ? 'btn--hover' : 'none'}
        onClick={() => void confirmDelete()}
      >
        <Text>{deleting ? '正在注销…' : '注销账户'}</Text>
      </View>
    </>
  );
}
