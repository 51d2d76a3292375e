import { useDidShow } from '@tarojs/taro';
import { useMemberStore } from '../../stores/member';
import { useWallet } from '../../stores/wallet';
import { DocumentPage } from '../privacy-policy/document-page';
import { storedValueSections } from '../privacy-policy/texts';

/** 储值协议: who issues it, the ceiling (the brand's setting), the refund formula, validity. */
export default function StoredValueAgreementPage() {
  const brand = useMemberStore((state) => state.me?.brand.name) ?? '本品牌';
  const maxBalanceFen = useWallet((state) => state.data?.maxBalanceFen ?? null);
  const loadWallet = useWallet((state) => state.load);
  useDidShow(() => void loadWallet());
  return <DocumentPage document='stored_value' title={`${brand}储值协议`} sections={storedValueSections(brand, maxBalanceFen)} acceptId='agreement-page-accept' />;
}
