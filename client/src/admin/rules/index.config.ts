export default definePageConfig({
  navigationBarTitleText: '规则',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
