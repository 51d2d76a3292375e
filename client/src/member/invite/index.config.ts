export default definePageConfig({
  navigationBarTitleText: '邀请有礼',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
  // The share card (onShareAppMessage) and 分享到朋友圈 (onShareTimeline) carry the invite code.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
