// Pure rules of the member console, by table with hand-written answers.
import { classifyQuery, decodeNicknameCursor, encodeNicknameCursor, escapeRegExp, maskNickname, maskPhone } from '../../cloudfunctions/core/admin-members/mask';
import { csvField, failuresCsv, parseMemberLines, percentDone } from '../../cloudfunctions/core/bulk-grant/parse';

describe('masking for analysts', () => {
  test.each([
    ['小鹿', '小*'],
    ['Alice', 'A*'],
    ['👨‍👩‍👧家', '👨*'],
    ['', ''],
  ])('nickname %j → %j', (nickname, masked) => expect(maskNickname(nickname)).toBe(masked));

  test.each([
    ['13800138000', '138****8000'],
    ['15912345678', '159****5678'],
    ['12345', '****'],
  ])('phone %s → %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));
});

describe('reading the search box', () => {
  test.each([
    ['1234567890', 'memberNo', '1234567890'],
    [' 1234 567 890 ', 'memberNo', '1234567890'],
    ['13800138000', 'phone', '13800138000'],
    ['138-0013-8000', 'phone', '13800138000'],
    ['+8613800138000', 'phone', '13800138000'],
    ['138001380', 'nickname', '138001380'],
    ['小鹿', 'nickname', '小鹿'],
    ['  Al ', 'nickname', 'Al'],
  ])('%j is a %s search for %j', (query, by, value) => expect(classifyQuery(query)).toEqual({ by, value }));

  test('regular-expression characters in a nickname are literal', () => {
    expect(escapeRegExp('a.b*(c)')).toBe('a\\.b\\*\\(c\\)');
    expect(new RegExp(`^${escapeRegExp('[小]')}`).test('[小]鹿')).toBe(true);
    expect(new RegExp(`^${escapeRegExp('.')}`).test('x')).toBe(false);
  });

  test('a nickname cursor round-trips, a forged one is refused', () => {
    expect(decodeNicknameCursor(encodeNicknameCursor('小鹿', 'm1'))).toEqual({ nickname: '小鹿', id: 'm1' });
    expect(decodeNicknameCursor('bm90LWpzb24')).toBeNull();
    expect(decodeNicknameCursor(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
  });
});

describe('a bulk grant list', () => {
  test('valid numbers deduplicated, invalid lines reported with their line numbers, blanks skipped', () => {
    const lines = ['1000000001', ' 1000000002 ', '', '1000000001', '12345', 'abc', '1000000003,', '"1000000004"', '１０００００００05'];
    expect(parseMemberLines(lines, 2501)).toEqual({
      valid: ['1000000001', '1000000002', '1000000003', '1000000004'],
      invalid: [
        { line: 2505, value: '12345' },
        { line: 2506, value: 'abc' },
        { line: 2509, value: '１０００００００05' },
      ],
      duplicates: 1,
    });
  });

  test.each([
    [0, 0, 0],
    [0, 10, 0],
    [1, 3, 33],
    [9_989, 9_990, 99],
    [9_990, 9_990, 100],
  ])('%d of %d done is %d%%', (done, total, percent) => expect(percentDone(done, total)).toBe(percent));

  test('the failures file is CSV a spreadsheet shows as text', () => {
    expect(csvField('1000000001')).toBe('1000000001');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(failuresCsv([{ memberNo: '1000000009', reason: '会员不存在' }])).toBe('会员号,原因\r\n1000000009,会员不存在\r\n');
  });
});
