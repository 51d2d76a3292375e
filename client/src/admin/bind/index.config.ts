export default definePageConfig({
  navigationBarTitleText: '绑定运营账号',
});
