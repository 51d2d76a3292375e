import { Button, Image, Input, Picker, Text, View } from '@tarojs/components';
import type { ProfileView } from '@contract';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api';
import { uploadAvatar } from '../../api/upload';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useShownResource } from '../../components/use-shown-resource';
import { ensurePrivacyAgreed, PrivacyPopup } from '../../components/privacy-popup';
import { setConsent, usePrivacyStatus } from '../../stores/privacy';
import { bindPhone, saveAvatar, saveBirthday, saveNickname, useProfile } from '../../stores/profile';
import { formatDate, formatMemberNo } from '../../utils/format';
import { isGranted } from '../privacy/consents';
import { birthdayMonthDay, birthdayRange, localPhoneCode, nicknameChange, normalizeMobile } from './fields';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/**
 * Records the member's consent to this purpose (profile: nickname, avatar and birthday; phone)
 * before the first of it is saved, so that 隐私与授权 shows when it was given rather than 未提供.
 * Once given, nothing is called again. False when it could not be recorded (toasted by the
 * call): nothing is saved then.
 */
async function consentTo(purpose: 'profile' | 'phone'): Promise<boolean> {
  const status = usePrivacyStatus.getState();
  if (status.data === null) await status.load();
  const known = usePrivacyStatus.getState().data;
  if (known && isGranted(known.consents, purpose)) return true;
  try {
    await setConsent(purpose, true);
    return true;
  } catch {
    return false;
  }
}

/** 个人资料: avatar, nickname, birthday (once) and a verified phone, each saved as it is given. */
export default function ProfilePage() {
  const { data: profile, status, error, load } = useShownResource(useProfile);

  return (
    <View className='page profile'>
      {profile ? (
        <>
          <AvatarCard profile={profile} />
          <Text className='section-title'>基本信息</Text>
          <View className='list'>
            <NicknameRow profile={profile} />
            <BirthdayRow profile={profile} />
            <PhoneRow profile={profile} />
          </View>
          <Text className='profile__note'>
            资料仅用于会员身份识别、生日权益和门店服务。查看、导出或注销请前往 我的 › 隐私与授权。
          </Text>
        </>
      ) : status === 'error' ? (
        <ErrorState id='profile-error' title='个人资料没有加载出来' message={error ?? ''} onRetry={() => void load()} />
      ) : (
        <View className='list'>
          <ListSkeleton id='profile-loading' rows={4} />
        </View>
      )}
      <PrivacyPopup />
    </View>
  );
}

function AvatarCard({ profile }: { profile: ProfileView }) {
  const [uploading, setUploading] = useState(false);

  async function applyAvatar(tempFilePath: string) {
    setUploading(true);
    try {
      if (!(await consentTo('profile'))) return;
      await saveAvatar(await uploadAvatar(tempFilePath, profile.avatarUploadFolder));
      void Taro.showToast({ title: '头像已更新', icon: 'success' });
    } catch (failure) {
      // A failed save has toasted already; a failed upload has not.
      if ((failure as { code?: string }).code === 'NETWORK') void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    } finally {
      setUploading(false);
    }
  }

  async function chooseInBrowser() {
    if (uploading || !(await ensurePrivacyAgreed())) return;
    try {
      const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      if (picked.tempFilePaths[0]) await applyAvatar(picked.tempFilePaths[0]);
    } catch {
      // Cancelled: nothing to do.
    }
  }

  const face = <AvatarFace url={profile.avatarUrl} nickname={profile.nickname} />;
  return (
    <View className='card profile__head'>
      {IS_WEAPP ? (
        <Button
          className='profile__avatar-button'
          id='profile-avatar'
          openType='chooseAvatar'
          disabled={uploading}
          onChooseAvatar={(event) => void applyAvatar((event.detail as { avatarUrl: string }).avatarUrl)}
        >
          {face}
        </Button>
      ) : (
        <View className='profile__avatar-button' id='profile-avatar' hoverClass='btn--hover' onClick={() => void chooseInBrowser()}>
          {face}
        </View>
      )}
      <View className='profile__who'>
        <Text className='profile__name' id='profile-name'>
          {profile.nickname}
        </Text>
        <Text className='profile__no'>会员号 {formatMemberNo(profile.memberNo)}</Text>
        <Text className='profile__hint' id='profile-avatar-state'>
          {uploading ? '头像上传中…' : '点击头像更换'}
        </Text>
      </View>
    </View>
  );
}

/** An uploaded avatar, or the nickname's first character on the brand colour. */
function AvatarFace({ url, nickname }: { url: string | null; nickname: string }) {
  const shown = url && (/^https?:\/\//.test(url) || (IS_WEAPP && url.startsWith('cloud://')));
  return shown ? (
    <Image className='profile__avatar' id='profile-avatar-image' src={url} mode='aspectFill' />
  ) : (
    <View className='profile__avatar profile__avatar--initial'>
      <Text>{Array.from(nickname)[0] ?? '鹿'}</Text>
    </View>
  );
}

function NicknameRow({ profile }: { profile: ProfileView }) {
  const [draft, setDraft] = useState(profile.nickname);
  const [problem, setProblem] = useState<string | null>(null);
  const saving = useRef(false);
  useEffect(() => setDraft(profile.nickname), [profile.nickname]);

  async function save(raw: string) {
    const change = nicknameChange(raw, profile.nickname);
    if (change === null || saving.current) return;
    if (!change.ok) {
      setProblem(change.message);
      return;
    }
    if (!(await ensurePrivacyAgreed())) {
      setDraft(profile.nickname);
      return;
    }
    saving.current = true;
    setProblem(null);
    try {
      if (!(await consentTo('profile'))) return;
      await saveNickname(change.nickname);
      void Taro.showToast({ title: '昵称已保存', icon: 'success' });
    } catch (failure) {
      setProblem(messageOf(failure));
    } finally {
      saving.current = false;
    }
  }

  return (
    <View className='row profile__row'>
      <Text className='row__title profile__label'>昵称</Text>
      <View className='profile__field'>
        <Input
          className='profile__input'
          id='profile-nickname'
          type={IS_WEAPP ? 'nickname' : 'text'}
          value={draft}
          maxlength={40}
          placeholder='设置昵称'
          confirmType='done'
          onFocus={() => {
            // H5: the popup comes before the member types a name we would keep.
            if (!IS_WEAPP) void ensurePrivacyAgreed();
          }}
          onInput={(event) => {
            setDraft(event.detail.value);
            setProblem(null);
          }}
          onBlur={(event) => void save(event.detail.value)}
          onConfirm={(event) => void save(event.detail.value)}
        />
        {problem ? (
          <Text className='profile__problem' id='profile-nickname-error'>
            {problem}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

function BirthdayRow({ profile }: { profile: ProfileView }) {
  const [saving, setSaving] = useState(false);
  const range = birthdayRange(formatDate(new Date()));

  async function choose(value: string) {
    // H5: the birthday is personal data too; the popup comes first (WeChat does not hold a picker).
    if (!(await ensurePrivacyAgreed())) return;
    const { confirm } = await Taro.showModal({
      title: '确认生日',
      content: `生日设为 ${value}（${birthdayMonthDay(value)}）？设置后不能自行修改，生日当月可享会员生日礼遇。`,
      confirmText: '确认',
      cancelText: '再看看',
      confirmColor: '#2f5d50',
    });
    if (!confirm) return;
    setSaving(true);
    try {
      if (!(await consentTo('profile'))) return;
      await saveBirthday(value);
      void Taro.showToast({ title: '生日已设置', icon: 'success' });
    } catch {
      // Toasted by the call.
    } finally {
      setSaving(false);
    }
  }

  if (profile.birthday) {
    return (
      <View className='row profile__row' id='profile-birthday'>
        <Text className='row__title profile__label'>生日</Text>
        <View className='profile__field profile__field--end'>
          <Text className='profile__value' id='profile-birthday-value'>
            {profile.birthday}
          </Text>
          <Text className='profile__sub' id='profile-birthday-locked'>
            如需修改请联系门店
          </Text>
        </View>
      </View>
    );
  }
  return (
    <Picker mode='date' value='1995-01-01' start={range.start} end={range.end} onChange={(event) => void choose(String(event.detail.value))} disabled={saving}>
      <View className='row row--link profile__row' id='profile-birthday' hoverClass='row--hover'>
        <Text className='row__title profile__label'>生日</Text>
        <View className='profile__field profile__field--end'>
          <Text className='profile__placeholder'>{saving ? '正在保存…' : '选择生日（仅可设置一次）'}</Text>
        </View>
        <Text className='row__chevron'>›</Text>
      </View>
    </Picker>
  );
}

function PhoneRow({ profile }: { profile: ProfileView }) {
  const [binding, setBinding] = useState(false);
  const [picking, setPicking] = useState(false);

  async function send(code: string) {
    setBinding(true);
    try {
      if (!(await consentTo('phone'))) return;
      await bindPhone(code);
      setPicking(false);
      void Taro.showToast({ title: '手机号已验证', icon: 'success' });
    } catch {
      // Toasted by the call.
    } finally {
      setBinding(false);
    }
  }

  // Verified once: only the masked number, and no button (each exchange costs the brand).
  if (profile.phoneMasked) {
    return (
      <View className='row profile__row'>
        <Text className='row__title profile__label'>手机号</Text>
        <View className='profile__field profile__field--end'>
          <Text className='profile__value' id='profile-phone'>
            {profile.phoneMasked}
          </Text>
          <Text className='profile__sub profile__verified'>已验证</Text>
        </View>
      </View>
    );
  }
  return (
    <View className='profile__phone'>
      <View className='row profile__row'>
        <Text className='row__title profile__label'>手机号</Text>
        {IS_WEAPP ? (
          <Button
            className='btn btn--primary btn--small profile__open-button'
            id='profile-phone-bind'
            openType='getPhoneNumber'
            disabled={binding}
            onGetPhoneNumber={(event) => {
              const code = event.detail.code;
              if (code) void send(code);
              else void Taro.showToast({ title: '未授权手机号，可稍后再验证', icon: 'none' });
            }}
          >
            {binding ? '验证中…' : '验证手机号'}
          </Button>
        ) : (
          <View
            className={`btn btn--primary btn--small${binding ? ' btn--disabled' : ''}`}
            id='profile-phone-bind'
            hoverClass='btn--hover'
            onClick={async () => {
              if (await ensurePrivacyAgreed()) setPicking(true);
            }}
          >
            <Text>验证手机号</Text>
          </View>
        )}
      </View>
      {!IS_WEAPP && picking ? <DevPhonePicker busy={binding} onPick={(mobile) => void send(localPhoneCode(mobile))} /> : null}
      <Text className='profile__phone-note'>用于到店找回会员身份，验证一次即可，不会用于营销。</Text>
    </View>
  );
}

/**
 * H5 only (local development and browser tests): stands in for WeChat's phone sheet. The local
 * fake of phonenumber.getPhoneNumber answers the number in `local-phone:<11 digits>`.
 */
function DevPhonePicker({ busy, onPick }: { busy: boolean; onPick: (mobile: string) => void }) {
  // Empty: a prefilled number would be the demo member 小鹿's (13800138000), and every local
  // visitor who tapped through would share it.
  const [raw, setRaw] = useState('');
  const mobile = normalizeMobile(raw);
  return (
    <View className='profile__dev-phone' id='dev-phone'>
      <Text className='profile__sub'>本地开发：选择要“授权”的手机号（微信中由微信弹窗提供）</Text>
      <View className='profile__dev-phone-row'>
        <Input
          className='profile__dev-phone-input'
          id='dev-phone-input'
          type='number'
          maxlength={11}
          value={raw}
          placeholder='11 位手机号'
          onInput={(event) => setRaw(event.detail.value)}
        />
        <View
          className={`btn btn--primary btn--small${busy || !mobile ? ' btn--disabled' : ''}`}
          id='dev-phone-pick'
          hoverClass='btn--hover'
          onClick={() => {
            if (mobile && !busy) onPick(mobile);
          }}
        >
          <Text>{busy ? '验证中…' : '使用此号码'}</Text>
        </View>
      </View>
      {!mobile && raw.length > 0 ? <Text className='profile__problem'>请输入完整的 11 位手机号</Text> : null}
    </View>
  );
}
