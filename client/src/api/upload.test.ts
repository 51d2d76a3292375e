import { avatarCloudPath, avatarFolder, extensionOf } from './upload';

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
    ['avatars/m_1', 'id1', 'jpeg', 'avatars/m_1/id1.jpg'],
    ['avatars/m_1/', 'id1', 'PNG', 'avatars/m_1/id1.png'],
    ['avatars/m_1', 'id1', '', 'avatars/m_1/id1.jpg'],
    ['avatars/m_1', 'id1', '../x', 'avatars/m_1/id1.jpg'],
  ])('avatarCloudPath(%s, %s, %s)', (folder, unique, ext, path) => {
    expect(avatarCloudPath(folder, unique, ext)).toBe(path);
  });

  it.each([
    ['avatars/m_abc/', 'visitor-1', 'avatars/m_abc/'],
    [undefined, 'visitor-1', 'avatars/visitor-1'],
    ['avatars/../x/', 'visitor-1', 'avatars/visitor-1'],
    [undefined, null, null],
  ] as [string | undefined, string | null, string | null][])('avatarFolder(%s, %s)', (server, openid, folder) => {
    expect(avatarFolder(server, openid)).toBe(folder);
  });
});
