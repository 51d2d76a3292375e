export default definePageConfig({
  navigationBarTitleText: '导购设置',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
