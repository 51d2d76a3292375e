import type { UserConfigExport } from '@tarojs/cli';

// `taro build` without --watch: minified; the weapp main package must stay under 500 KB.
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
