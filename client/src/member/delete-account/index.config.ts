export default definePageConfig({
  navigationBarTitleText: '注销账户',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
