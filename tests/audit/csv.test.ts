import { AUDIT_CSV_HEADER, BOM, auditCsv, auditCsvCells, csvCell } from '../../cloudfunctions/core/audit/csv';
import { actionLabel, maskName } from '../../cloudfunctions/core/audit/labels';
import { maskPersonal } from '../../cloudfunctions/core/audit/query';
import type { AuditRow } from '../../cloudfunctions/core/contract/audit';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['调整积分', '调整积分'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    [' padded', '" padded"'],
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=A1,B1', `"'=A1,B1"`],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

const row: AuditRow = {
  id: 'e1',
  at: '2026-05-03T16:30:05.000Z',
  actor: { openid: 'op-1', name: '李明', role: 'owner', roleLabel: '品牌主' },
  action: 'adjustPoints',
  actionLabel: '调整积分',
  target: { kind: 'member', kindLabel: '会员', id: 'm1', label: '1000000001' },
  before: { points: 10 },
  after: { points: 30 },
  reason: '补偿',
  requestId: 'req-1',
  storeId: null,
  storeName: '',
  read: false,
};

describe('auditCsvCells', () => {
  it('writes the brand-zone time, the operator with their openid and the change as JSON', () => {
    expect(auditCsvCells(row, 'Asia/Shanghai')).toEqual(['2026-05-04 00:30:05', '李明（op-1）', '品牌主', '调整积分', '会员 1000000001', '{"points":10}', '{"points":30}', '补偿', 'req-1']);
  });

  it('marks reads, shows an unnamed operator by openid and leaves empty what is missing', () => {
    const read = { ...row, actor: { ...row.actor, name: '' }, actionLabel: '查看会员', before: null, after: null, reason: null, requestId: null, read: true, target: { ...row.target, label: '' } };
    expect(auditCsvCells(read, 'Asia/Shanghai')).toEqual(['2026-05-04 00:30:05', 'op-1', '品牌主', '查看会员（只读）', '会员 m1', '', '', '', '']);
  });
});

describe('auditCsv', () => {
  it('starts with a BOM and the header, ends lines with CRLF', () => {
    const { csv, rows } = auditCsv([row], 'Asia/Shanghai', 1_000_000);
    expect(rows).toBe(1);
    expect(csv).toBe(`${BOM}${AUDIT_CSV_HEADER.join(',')}\r\n2026-05-04 00:30:05,李明（op-1）,品牌主,调整积分,会员 1000000001,"{""points"":10}","{""points"":30}",补偿,req-1\r\n`);
  });

  it('stops before the row that would pass the byte limit', () => {
    const one = auditCsv([row], 'Asia/Shanghai', 1_000_000).csv;
    const limit = Buffer.byteLength(one) + 10;
    const cut = auditCsv([row, row, row], 'Asia/Shanghai', limit);
    expect(cut).toEqual({ csv: one, rows: 1 });
  });
});

describe('labels and masking', () => {
  it.each([
    ['adjustPoints', '调整积分'],
    ['refundPurchase', '退款'],
    ['bindOperator', '运营人员绑定'],
    ['issueCoupon', 'issueCoupon'],
    ['toString', 'toString'],
  ])('action %s → %s', (action, label) => {
    expect(actionLabel(action)).toBe(label);
  });

  it.each([
    ['王芳', '王*'],
    ['欧阳娜娜', '欧*'],
    ['A', 'A*'],
    ['', ''],
    ['😀abc', '😀*'],
  ])('name %j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('masks names and phones at any depth, nothing else', () => {
    expect(maskPersonal({ staffName: '王芳', active: true, list: [{ name: '张三', phone: '13800008000' }], storeId: 's1' })).toEqual({
      staffName: '王*',
      active: true,
      list: [{ name: '张*', phone: '138****8000' }],
      storeId: 's1',
    });
  });
});
