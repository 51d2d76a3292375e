export default definePageConfig({
  navigationBarTitleText: '邀请数据',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
