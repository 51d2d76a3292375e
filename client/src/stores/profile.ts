import Taro from '@tarojs/taro';
import type { DeletionResult, ExportResult, ProfileView } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, messageOf } from '../api';
import { useMemberStore } from './member';
import { createResource } from './resource';
import { forgetOnSignOut, forgetSession } from './session';

// 个人资料, 我的数据 and 注销 (the member subpackage). After each change the screen shows the
// profile the server answered, and the home card is refreshed so the nickname and avatar agree.

export const useProfile = createResource((silent) => callFunction('member', 'myProfile', {}, { silent }));

export const useDeletionPreview = createResource((silent) => callFunction('member', 'deletionPreview', {}, { silent }));

const nicknameSlot = createRequestIdSlot();
const avatarSlot = createRequestIdSlot();
const birthdaySlot = createRequestIdSlot();
const phoneSlot = createRequestIdSlot();

function answered(profile: ProfileView): ProfileView {
  useProfile.setState({ data: profile, status: 'ready', error: null, errorCode: null });
  void useMemberStore.getState().refresh();
  return profile;
}

export async function saveNickname(nickname: string): Promise<ProfileView> {
  return answered(await nicknameSlot.run((requestId) => callFunction('member', 'updateProfile', { nickname }, { requestId })));
}

export async function saveAvatar(avatarFileId: string): Promise<ProfileView> {
  return answered(await avatarSlot.run((requestId) => callFunction('member', 'updateProfile', { avatarFileId }, { requestId })));
}

export async function saveBirthday(birthday: string): Promise<ProfileView> {
  try {
    return answered(await birthdaySlot.run((requestId) => callFunction('member', 'setBirthday', { birthday }, { requestId })));
  } catch (error) {
    // Set meanwhile (another phone): show the birthday on record, locked, instead of the picker.
    if ((error as { code?: string }).code === 'BIRTHDAY_ALREADY_SET') void useProfile.getState().load();
    throw error;
  }
}

/** `code` from <button open-type="getPhoneNumber"> (or `local-phone:<11 digits>` in the browser). */
export async function bindPhone(code: string): Promise<ProfileView> {
  try {
    return answered(await phoneSlot.run((requestId) => callFunction('member', 'bindPhone', { code }, { requestId })));
  } catch (error) {
    // Verified meanwhile (another tap, another device): show the number we already hold.
    if ((error as { code?: string }).code === 'PHONE_ALREADY_VERIFIED') void useProfile.getState().load();
    throw error;
  }
}

export interface ExportState {
  running: boolean;
  result: ExportResult | null;
  error: string | null;
  run: () => Promise<void>;
  reset: () => void;
}

const exportSlot = createRequestIdSlot();

/** 我的数据 → 导出: one file per tap; the link is temporary, so it is not kept past the visit. */
export const useDataExport = create<ExportState>()((set, get) => ({
  running: false,
  result: null,
  error: null,
  run: async () => {
    if (get().running) return;
    set({ running: true, error: null });
    try {
      const result = await exportSlot.run((requestId) => callFunction('member', 'exportMyData', {}, { requestId, silent: true }));
      set({ running: false, result });
    } catch (error) {
      set({ running: false, error: messageOf(error) });
    }
  },
  reset: () => set({ running: false, result: null, error: null }),
}));

forgetOnSignOut(() => useDataExport.getState().reset());

const deleteSlot = createRequestIdSlot();

/**
 * 注销. On success every store forgets this person and the app starts again at 首页, where the
 * same WeChat account now meets the welcome of a new visitor (the server erased the mapping
 * from openid to member).
 */
export async function deleteAccount(forfeitWallet: boolean): Promise<DeletionResult> {
  const result = await deleteSlot.run((requestId) => callFunction('member', 'deleteAccount', { confirm: true, forfeitWallet }, { requestId }));
  forgetSession();
  void Taro.reLaunch({ url: '/pages/index/index' });
  return result;
}
