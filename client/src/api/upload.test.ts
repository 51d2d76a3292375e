import { avatarCloudPath, extensionOf } from './upload';

jest.mock('@tarojs/taro', () => ({}));

describe('avatar cloud paths', () => {
  it.each([
    ['wxfile://tmp_abc123.jpeg', 'jpeg'],
    ['http://tmp/WeChat_xyz.png', 'png'],
    ['blob:http://127.0.0.1:10086/1b2c-44', ''],
    ['http://tmp/file.webp?x=1', 'webp'],
    ['noext', ''],
  ])('extensionOf(%s)', (path, ext) => {
    expect(extensionOf(path)).toBe(ext);
  });

  it.each([
    ['id1', 'jpeg', 'avatars/id1.jpg'],
    ['id1', 'PNG', 'avatars/id1.png'],
    ['id1', '', 'avatars/id1.jpg'],
    ['id1', '../x', 'avatars/id1.jpg'],
  ])('avatarCloudPath(%s, %s)', (unique, ext, path) => {
    expect(avatarCloudPath(unique, ext)).toBe(path);
  });
});
