import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

// Taro runs with cwd = client/ (see the build:* scripts in the root package.json). Sources stay
// in client/src; each platform builds into the repository's dist/<platform>.
//
// The WeChat DevTools project is the root project.config.json (miniprogramRoot = dist/weapp/,
// cloudfunctionRoot = build/functions/). Taro copies a project.config.json into the output only
// when client/ or client/src holds one; neither does, on purpose: open the repository root in
// DevTools, not dist/weapp.
export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV ?? 'weapp';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'loyalty-mp',
    date: '2025-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `../dist/${platform}`,
    plugins: [],
    // The cloud environment the mini-program calls. Set it in client/.env.production(.local)
    // (TARO_APP_CLOUD_ENV=prod-xxxx) or in the shell; Taro's .env files override the shell.
    // Empty means "the environment DevTools / the account selects by default".
    env: {
      TARO_APP_CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routes (/#/pages/index/index): the local server serves one index.html for every path.
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      // The H5 build is for local development and browser tests, not a public site: webpack's
      // "over 244 KiB" hint is noise here. The budget that matters is the weapp main package.
      webpackChain(chain) {
        chain.performance.hints(false);
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  return process.env.NODE_ENV === 'development' ? merge({}, baseConfig, devConfig) : merge({}, baseConfig, prodConfig);
});
