// Taro looks for babel.config.js in its working directory (client/); the project keeps one
// babel config at the repository root, so this file only points there.
module.exports = require('../babel.config.js');
