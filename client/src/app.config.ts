// Consumer pages live in the main package; staff and admin pages will be subpackages.
// The dev login page exists only in the H5 build (local development and browser tests).
const devPages = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index'] : [];

export default defineAppConfig({
  pages: ['pages/index/index', ...devPages],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2f5d50',
    navigationBarTitleText: '鹿角咖啡',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f1e9',
  },
});
