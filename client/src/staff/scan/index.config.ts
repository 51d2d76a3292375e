export default definePageConfig({
  navigationBarTitleText: '扫码收银',
});
