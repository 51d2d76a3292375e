export default definePageConfig({
  navigationBarTitleText: '鹿角咖啡',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
