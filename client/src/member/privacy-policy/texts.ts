import { formatFen } from '../../utils/format';

// The two documents a member accepts, in plain Chinese. The version in force is the server's
// (privacyStatus); when the wording changes here, the server's version must move with it so that
// members accept the new text again.

export interface DocumentSection {
  heading: string;
  paragraphs: string[];
}

export function privacyPolicySections(brand: string): DocumentSection[] {
  return [
    {
      heading: '一、我们收集哪些信息，为什么收集',
      paragraphs: [
        `${brand}会员小程序只收集提供会员服务所需的信息：`,
        '· 昵称和头像：你主动设置，用于在会员卡和门店服务中称呼你、识别你。',
        '· 手机号：你通过微信授权验证，用于到店时由店员按完整号码找到你的会员身份；加密保存，页面只显示部分号码。',
        '· 生日：你主动填写，用于发放生日权益。',
        '· 消费记录、积分、成长值、储值和优惠券：你在门店消费、充值、领券和兑换时产生，用于计算积分与等级、抵扣和退款。',
        '· 微信账号标识（openid）：由微信提供，用于确认是你本人在使用。',
        '我们不收集你的位置、通讯录、相册（头像除外）或其他与会员服务无关的信息。',
      ],
    },
    {
      heading: '二、保存多久',
      paragraphs: [
        '· 昵称、头像、手机号、生日和微信账号标识：保存到你注销会员为止，注销时立即删除。',
        '· 消费、积分和储值流水：依照会计和税务法规需要保存；注销后这些记录与你的身份断开，不再能识别到你。',
        '· 你导出的数据文件：下载链接 1 小时内有效；文件保存在云存储中，注销时一并删除。',
      ],
    },
    {
      heading: '三、与谁共享',
      paragraphs: [
        '我们不向任何第三方出售或提供你的个人信息。以下处理由微信完成，仅用于所述目的：',
        '· 支付：你充值或退款时，订单金额和订单号由微信支付处理。',
        '· 昵称检查：你设置的昵称会提交微信内容安全服务，检查是否含有违规内容。',
        '· 手机号验证：你授权后由微信提供已验证的手机号。',
        '信息存放在微信云开发提供的云服务中，仅供本品牌使用。',
      ],
    },
    {
      heading: '四、你的权利',
      paragraphs: [
        '· 查阅与导出：在 我的 › 隐私与授权 › 我的数据 中查看我们保存的信息，并导出一份完整文件。',
        '· 更正：在 个人资料 中修改昵称和头像；生日设置后如需更正，请联系门店。',
        '· 撤回同意：在 隐私与授权 中随时关闭营销消息，撤回后不影响其他会员服务。',
        '· 注销：在 隐私与授权 › 注销账户 中注销会员。注销前请先退还储值；积分将作废，个人信息将被删除。',
      ],
    },
    {
      heading: '五、联系我们',
      paragraphs: [
        `对本政策或你的个人信息有任何疑问、投诉或请求，可在任一${brand}门店向店长提出，我们会在 15 个工作日内答复。`,
      ],
    },
  ];
}

export function storedValueSections(brand: string, maxBalanceFen: number | null): DocumentSection[] {
  const ceiling = maxBalanceFen === null ? '品牌设定的储值余额上限' : `储值余额上限 ${formatFen(maxBalanceFen)}（含赠送金）`;
  return [
    {
      heading: '一、发行方',
      paragraphs: [`储值卡由${brand}发行并负责兑付，可在${brand}各门店消费时使用。`],
    },
    {
      heading: '二、充值与赠送',
      paragraphs: [
        '每次充值为一笔独立的储值，包括你支付的本金和品牌赠送的赠送金（如“充 ¥100 送 ¥20”：本金 ¥100，赠送金 ¥20）。',
        `${ceiling}，超过上限的充值不会被受理。`,
        '消费时按充值先后使用；同一笔储值中，本金和赠送金按充值时的比例同时使用。',
      ],
    },
    {
      heading: '三、退款怎么算',
      paragraphs: [
        '每一笔储值可以单独申请退款：退回该笔未使用的本金，同时收回该笔剩余的赠送金。',
        '计算方式：已使用金额 = 该笔到账总额 − 剩余总额；已使用本金 = 已使用金额 × 本金 ÷ 到账总额（向下取整到分）；退款 = 本金 − 已使用本金。',
        '例如：充 ¥100 送 ¥20，消费 ¥60（其中本金 ¥50、赠送金 ¥10），申请退款时退回 ¥50 本金，收回剩余 ¥10 赠送金。',
        '退款原路退回你的微信支付，通常 1–3 个工作日到账。',
      ],
    },
    {
      heading: '四、有效期',
      paragraphs: [
        '储值余额长期有效，不设使用期限。',
        '受微信支付的限制，退款需在充值后一年内申请，每笔储值的截止日期见储值页的储值记录；超过期限后本金仍可在门店正常消费。',
      ],
    },
    {
      heading: '五、注销会员',
      paragraphs: ['注销前请先申请退还可退的本金；不能再退款的本金和剩余赠送金将在你确认放弃后随注销作废。'],
    },
  ];
}
