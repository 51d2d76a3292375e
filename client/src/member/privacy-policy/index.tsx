import { useMemberStore } from '../../stores/member';
import { DocumentPage } from './document-page';
import { privacyPolicySections } from './texts';

/** 隐私政策: what is collected, why, for how long, shared with whom, the member's rights, contact. */
export default function PrivacyPolicyPage() {
  const brand = useMemberStore((state) => state.me?.brand.name) ?? '本品牌';
  return <DocumentPage document='privacy' title={`${brand}会员隐私政策`} sections={privacyPolicySections(brand)} acceptId='policy-accept' />;
}
