import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { answerPrivacy, listenForWechatPrivacy, PRIVACY_AGREE_BUTTON_ID, usePrivacyPrompt } from './prompt';
import './index.scss';

export { ensurePrivacyAgreed } from './prompt';

export const PRIVACY_POLICY_URL = '/member/privacy-policy/index';

/**
 * Mount on a page that collects personal data. Shows only when WeChat (or, on H5, the page)
 * asks: one sentence on what is collected and why, 拒绝 and 同意 of equal weight, and the policy.
 */
export function PrivacyPopup() {
  const open = usePrivacyPrompt((state) => state.open);
  const busy = usePrivacyPrompt((state) => state.busy);
  useDidShow(listenForWechatPrivacy);
  if (!open) return null;

  const agree = () => void answerPrivacy(true);
  return (
    <View className='privacy-popup' id='privacy-popup' catchMove>
      <View className='privacy-popup__sheet'>
        <Text className='privacy-popup__title'>隐私保护提示</Text>
        <Text className='privacy-popup__text'>
          为了设置头像、昵称、生日和验证手机号，我们需要收集你主动提供的这些信息，仅用于会员身份识别和门店服务，不会用于其他用途。请阅读
          <Text className='privacy-popup__link' id='privacy-popup-policy' onClick={() => void Taro.navigateTo({ url: PRIVACY_POLICY_URL })}>
            《隐私政策》
          </Text>
          后选择是否同意。
        </Text>
        <View className='privacy-popup__actions'>
          <View className='btn btn--ghost privacy-popup__button' id='privacy-disagree' hoverClass='btn--hover' onClick={() => void answerPrivacy(false)}>
            <Text>拒绝</Text>
          </View>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button
              className='btn btn--primary privacy-popup__button privacy-popup__open-button'
              id={PRIVACY_AGREE_BUTTON_ID}
              openType='agreePrivacyAuthorization'
              onAgreePrivacyAuthorization={agree}
            >
              同意
            </Button>
          ) : (
            <View className={`btn btn--primary privacy-popup__button${busy ? ' btn--disabled' : ''}`} id={PRIVACY_AGREE_BUTTON_ID} hoverClass='btn--hover' onClick={agree}>
              <Text>{busy ? '正在保存…' : '同意'}</Text>
            </View>
          )}
        </View>
      </View>
    </View>
  );
}
