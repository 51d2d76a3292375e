export default definePageConfig({
  navigationBarTitleText: '运营人员',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
