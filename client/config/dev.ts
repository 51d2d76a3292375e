import type { UserConfigExport } from '@tarojs/cli';

// `taro build --watch` (npm run dev:weapp): readable output with source maps.
export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
