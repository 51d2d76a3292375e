export default definePageConfig({
  navigationBarTitleText: '概览',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
