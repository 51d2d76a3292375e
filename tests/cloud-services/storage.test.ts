import { createReadStream, existsSync, writeFileSync } from 'fs';
import path from 'path';
import { type Harness, startHarness } from './harness';

describe('cloud storage through wx-server-sdk, on local disk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 250, 0, 7]);

  it('round-trips a file: upload, temp URL over HTTP, download', async () => {
    const uploaded = await h.cloud.uploadFile({ cloudPath: 'posters/海报 1.png', fileContent: content });
    expect(uploaded).toEqual({ fileID: 'cloud://local.local-bucket/posters/海报 1.png', statusCode: -1, errMsg: 'uploadFile:ok' });
    expect(existsSync(path.join(h.storageDir, 'posters/海报 1.png'))).toBe(true);

    const { fileList, errMsg } = await h.cloud.getTempFileURL({ fileList: [uploaded.fileID] });
    expect(errMsg).toBe('getTempFileURL:ok');
    expect(fileList).toEqual([
      { fileID: uploaded.fileID, status: 0, errMsg: 'ok', maxAge: 86400, tempFileURL: `${h.baseUrl}/__local/storage/posters/${encodeURIComponent('海报 1.png')}` },
    ]);
    const response = await fetch(fileList[0].tempFileURL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);

    const downloaded = await h.cloud.downloadFile({ fileID: uploaded.fileID });
    expect(downloaded).toEqual({ fileContent: expect.any(Buffer), statusCode: 200, errMsg: 'downloadFile:ok' });
    expect(downloaded.fileContent.equals(content)).toBe(true);
  });

  it('accepts a read stream, as the real SDK does', async () => {
    const source = path.join(h.storageDir, '..', `stream-${process.pid}.txt`);
    writeFileSync(source, '会员积分');
    const { fileID } = await h.cloud.uploadFile({ cloudPath: 'exports/a.txt', fileContent: createReadStream(source) });
    const { fileContent } = await h.cloud.downloadFile({ fileID });
    expect(fileContent.toString('utf8')).toBe('会员积分');
  });

  it('reports a missing file per entry and fails its download, with the storage error codes', async () => {
    const missing = 'cloud://local.local-bucket/nothing/here.png';
    const { fileList } = await h.cloud.getTempFileURL({ fileList: [{ fileID: missing, maxAge: 60 }] });
    expect(fileList).toEqual([expect.objectContaining({ fileID: missing, status: -503003, tempFileURL: '' })]);
    await expect(h.cloud.downloadFile({ fileID: missing })).rejects.toMatchObject({ errCode: -503003 });
    const response = await fetch(`${h.baseUrl}/__local/storage/nothing/here.png`);
    expect(response.status).toBe(404);
  });

  it('deletes files', async () => {
    const { fileID } = await h.cloud.uploadFile({ cloudPath: 'tmp/x.bin', fileContent: content });
    const deleted = await h.cloud.deleteFile({ fileList: [fileID] });
    expect(deleted.fileList).toEqual([{ fileID, status: 0, errMsg: 'ok' }]);
    await expect(h.cloud.downloadFile({ fileID })).rejects.toMatchObject({ errCode: -503003 });
  });

  it('never serves or writes outside the storage folder', async () => {
    const response = await fetch(`${h.baseUrl}/__local/storage/..%2F..%2Fetc%2Fpasswd`);
    expect(response.status).toBe(404);
    await expect(h.cloud.uploadFile({ cloudPath: '../escape.txt', fileContent: content })).rejects.toMatchObject({
      errCode: -501007,
    });
  });
});
