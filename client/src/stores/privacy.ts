import type { ConsentPurpose, ConsentView, PolicyDocument, PolicyState } from '@contract';
import Taro from '@tarojs/taro';
import { create } from 'zustand';
import { ApiError, callFunction, createRequestIdSlots, NETWORK_MESSAGE } from '../api';
import { policyOf } from './policy-state';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The member's documents (隐私政策, 储值协议) and consents, as the server records them. Small on
// purpose: the wallet page (main package) reads it for the stored-value agreement gate.

export const usePrivacyStatus = createResource((silent) => callFunction('member', 'privacyStatus', {}, { silent }));

const acceptSlot = createRequestIdSlots();
const consentSlot = createRequestIdSlots();

/**
 * Accepts the version of `document` in force (read from privacyStatus, loaded first if needed)
 * and reloads the status, so every screen shows the server's record.
 */
export async function acceptPolicy(document: PolicyDocument, opts: { silent?: boolean } = {}): Promise<PolicyState> {
  const status = usePrivacyStatus.getState();
  if (!policyOf(status.data, document)) await status.load();
  const policy = policyOf(usePrivacyStatus.getState().data, document);
  const version = policy?.currentVersion;
  if (!version) {
    // The status did not load (its failure is silent): say so like any failed call.
    if (!opts.silent) void Taro.showToast({ title: NETWORK_MESSAGE, icon: 'none' });
    throw new ApiError('NETWORK', NETWORK_MESSAGE);
  }
  const accepted = await acceptSlot(`${document}:${version}`).run((requestId) =>
    callFunction('member', 'acceptPolicy', { document, version }, { requestId, silent: opts.silent }),
  );
  await usePrivacyStatus.getState().load();
  return accepted;
}

export async function setConsent(purpose: ConsentPurpose, granted: boolean): Promise<ConsentView> {
  const consent = await consentSlot(`${purpose}:${granted}`).run((requestId) => callFunction('member', 'setConsent', { purpose, granted }, { requestId }));
  await usePrivacyStatus.getState().load();
  return consent;
}

export interface AgreementGateState {
  /** The top-up package waiting for the member to accept the 储值协议, or null (closed). */
  packageId: string | null;
  open: (packageId: string) => void;
  close: () => void;
}

/** The wallet's 储值协议 sheet: opened before a top-up, or by AGREEMENT_REQUIRED from createTopup. */
export const useAgreementGate = create<AgreementGateState>()((set) => ({
  packageId: null,
  open: (packageId) => set({ packageId }),
  close: () => set({ packageId: null }),
}));

forgetOnSignOut(() => useAgreementGate.getState().close());
