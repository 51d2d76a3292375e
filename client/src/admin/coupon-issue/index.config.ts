export default definePageConfig({
  navigationBarTitleText: '批量发券',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
