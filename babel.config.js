// Used by Taro (through client/babel.config.js) to compile the mini-program.
// Tests and cloud functions are compiled by swc/esbuild, not by this file.
module.exports = {
  presets: [
    ['taro', { framework: 'react', ts: true, compiler: 'webpack5' }],
  ],
};
