import Taro from '@tarojs/taro';
import { ApiError } from './errors';
import { ensureCloud } from './call';
import { LOCAL_OPENID_KEY, localOpenid } from './identity';
import { newRequestId } from './request-id';

// Files the member gives us (today the avatar from <button open-type="chooseAvatar">) go to
// cloud storage from the phone; the cloud function is then told the fileID. In WeChat that is
// wx.cloud.uploadFile; in the browser (local development) the local host stores the file with
// `PUT /__local/storage/<cloudPath>` (scripts/local-cloud/services/storage.ts) and answers the
// same kind of fileID, so the server code cannot tell the two apart.

export const UPLOAD_FAILED_MESSAGE = '头像上传失败，请检查网络后重试';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

/**
 * `avatars/<owner>/<unique>.<ext>`: updateProfile takes only files under the caller's own folder
 * (openid or member id), and a new name per upload keeps a cached old avatar from showing.
 */
export function avatarCloudPath(folder: string, unique: string, ext: string): string {
  const clean = /^[a-z0-9]{2,5}$/i.test(ext) ? ext.toLowerCase() : 'jpg';
  const base = folder.replace(/\/+$/, '');
  return `${base}/${unique}.${clean === 'jpeg' ? 'jpg' : clean}`;
}

/** The folder to upload into: the server's answer, else (H5) the local identity's openid. */
export function avatarFolder(fromServer: string | undefined, openid: string | null): string | null {
  if (fromServer && /^avatars\/[A-Za-z0-9_-]+\/?$/.test(fromServer)) return fromServer;
  return openid ? `avatars/${openid}` : null;
}

/** The extension of a temp file path (wxfile://tmp_abc.jpeg, http://tmp/abc.png), or ''. */
export function extensionOf(path: string): string {
  const match = /\.([a-z0-9]{2,5})(?:[?#].*)?$/i.exec(path);
  return match ? match[1] : '';
}

/**
 * Uploads the chosen avatar into `folder` (ProfileView.avatarUploadFolder) and resolves with its
 * fileID (for updateProfile's avatarFileId).
 */
export async function uploadAvatar(tempFilePath: string, folderFromServer?: string): Promise<string> {
  try {
    const folder = avatarFolder(folderFromServer, process.env.TARO_ENV === 'h5' ? localOpenid() : null);
    if (!folder) throw new Error('no upload folder');
    if (process.env.TARO_ENV === 'h5') return await uploadOverHttp(tempFilePath, folder);
    ensureCloud();
    const cloudPath = avatarCloudPath(folder, newRequestId(), extensionOf(tempFilePath));
    const result = await Taro.cloud.uploadFile({ cloudPath, filePath: tempFilePath });
    if (!result.fileID) throw new Error('no fileID');
    return result.fileID;
  } catch {
    throw new ApiError('NETWORK', UPLOAD_FAILED_MESSAGE);
  }
}

/** H5: the temp path is a blob: URL from Taro.chooseImage; the local host stores its bytes. */
async function uploadOverHttp(tempFilePath: string, folder: string): Promise<string> {
  const blob = await (await fetch(tempFilePath)).blob();
  const cloudPath = avatarCloudPath(folder, newRequestId(), EXTENSIONS[blob.type] ?? extensionOf(tempFilePath));
  const headers: Record<string, string> = { 'content-type': blob.type || 'application/octet-stream' };
  const openid = window.localStorage.getItem(LOCAL_OPENID_KEY);
  if (openid) headers['x-local-openid'] = openid;
  const response = await fetch(`/__local/storage/${cloudPath}`, { method: 'PUT', headers, body: blob });
  if (!response.ok) throw new Error(`upload: HTTP ${response.status}`);
  const body = (await response.json()) as { fileID?: unknown };
  if (typeof body.fileID !== 'string') throw new Error('upload: no fileID');
  return body.fileID;
}
