export default definePageConfig({
  navigationBarTitleText: '储值协议',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
