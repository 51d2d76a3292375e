export default definePageConfig({
  navigationBarTitleText: '隐私与授权',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
