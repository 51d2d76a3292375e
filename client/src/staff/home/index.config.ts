export default definePageConfig({
  navigationBarTitleText: '店员工作台',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
