import type { LocalCloud } from '../../scripts/local-cloud';
import { AUDIT_EXPORT_MAX_ROWS, AUDIT_PAGE_SIZE } from '../../cloudfunctions/core/contract/audit';
import { callAs } from '../support/cloud';
import { CASHIER, OPERATOR, STORE, onASeededCloudEachTest, requestId, sdkDb, setClock } from '../support/world';
import { ANALYST, MANAGER, OTHER_STORE, OTHER_STORE_MANAGER, STORE_MANAGER, admin, auditDocs, ok, seedOperators, shopper } from './helpers';

let cloud: LocalCloud;
onASeededCloudEachTest((c) => (cloud = c));
beforeEach(() => seedOperators());

/** Every page of listAudit for `filters`, as `openid`. */
async function allPages(openid: string, filters: Record<string, unknown> = {}) {
  const items: any[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await ok(admin(cloud, openid, 'listAudit', { ...filters, ...(cursor ? { cursor } : {}) }));
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

describe('listAudit', () => {
  it('pages newest first, every entry once, with names and Chinese labels joined', async () => {
    const { memberNo } = await shopper(cloud, 'openid-shopper');
    setClock('2026-05-04T02:00:00Z');
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await ok(admin(cloud, i % 2 ? MANAGER : OPERATOR, 'adjustPoints', { memberNo, amount: 1 + i, reason: `补偿第${i}次` }));
    await ok(admin(cloud, OPERATOR, 'createStore', { name: '三里屯店', address: '三里屯路1号' }));

    const first = await ok(admin(cloud, OPERATOR, 'listAudit'));
    expect(first.items).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.nextCursor).toEqual(expect.any(String));
    const items = await allPages(OPERATOR);
    expect(items).toHaveLength(AUDIT_PAGE_SIZE + 6);
    expect(new Set(items.map((row) => row.id)).size).toBe(items.length);
    const keys = items.map((row) => [Date.parse(row.at), row.id] as const);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
    expect(keys).toEqual(sorted);

    const store = items[0];
    expect(store).toMatchObject({
      action: 'createStore',
      actionLabel: '新建门店',
      actor: { openid: OPERATOR, name: '李明', role: 'owner', roleLabel: '品牌主' },
      target: { kind: 'store', kindLabel: '门店', label: '三里屯店' },
      before: null,
      after: { name: '三里屯店', address: '三里屯路1号', active: true },
      read: false,
    });
    const adjust = items.find((row) => row.action === 'adjustPoints' && row.reason === '补偿第1次');
    expect(adjust).toMatchObject({ actionLabel: '调整积分', actor: { name: '张伟', roleLabel: '运营经理' }, target: { kind: 'member', label: memberNo }, before: { points: 50 + 0 + 1 }, requestId: expect.any(String) });
  });

  it('filters by operator, action, target (a member number works) and brand-zone days', async () => {
    const a = await shopper(cloud, 'openid-a');
    const b = await shopper(cloud, 'openid-b');
    setClock('2026-05-03T15:30:00Z'); // 2026-05-03 23:30 in Shanghai
    await ok(admin(cloud, OPERATOR, 'adjustPoints', { memberNo: a.memberNo, amount: 5, reason: '五月三日' }));
    setClock('2026-05-03T16:30:00Z'); // 2026-05-04 00:30 in Shanghai
    await ok(admin(cloud, MANAGER, 'adjustPoints', { memberNo: b.memberNo, amount: 6, reason: '五月四日' }));
    await ok(admin(cloud, MANAGER, 'setTierOverride', { memberNo: a.memberNo, tierCode: 'gold', until: '2026-08-01T00:00:00+08:00', reason: '活动补偿' }));

    const reasons = async (filters: Record<string, unknown>, openid = OPERATOR) => (await allPages(openid, filters)).map((row) => row.reason);
    expect(await reasons({ operator: MANAGER })).toEqual(['活动补偿', '五月四日']);
    expect(await reasons({ action: 'adjustPoints' })).toEqual(['五月四日', '五月三日']);
    expect(await reasons({ targetKind: 'member', targetId: a.memberNo })).toEqual(['活动补偿', '五月三日']);
    expect(await reasons({ targetKind: 'member', targetId: a.memberId })).toEqual(['活动补偿', '五月三日']);
    expect(await reasons({ from: '2026-05-03', to: '2026-05-03', action: 'adjustPoints' })).toEqual(['五月三日']);
    expect(await reasons({ from: '2026-05-04' })).toEqual(['活动补偿', '五月四日']);
    expect(await reasons({ operator: MANAGER, action: 'adjustPoints', targetKind: 'member', targetId: b.memberNo, from: '2026-05-04', to: '2026-05-04' })).toEqual(['五月四日']);
    expect(await reasons({ action: 'refundPurchase' })).toEqual([]);

    const backwards = await admin(cloud, OPERATOR, 'listAudit', { from: '2026-05-05', to: '2026-05-04' });
    expect(backwards).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'from' });
    const notADay = await admin(cloud, OPERATOR, 'listAudit', { from: '2026-02-30' });
    expect(notADay).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'from' });
  });

  it('shows a store manager only the entries of their stores', async () => {
    await ok(admin(cloud, OPERATOR, 'createStaffBindingCode', { storeId: STORE, staffName: '王芳' }));
    await ok(admin(cloud, OPERATOR, 'createStaffBindingCode', { storeId: OTHER_STORE, staffName: '刘洋' }));
    await ok(admin(cloud, STORE_MANAGER, 'deactivateStaff', { openid: CASHIER }));

    const mine = await allPages(STORE_MANAGER);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((row) => row.storeId === STORE)).toBe(true);
    expect(mine.map((row) => row.action).sort()).toEqual(['createStaffBindingCode', 'deactivateStaff']);
    expect(mine.find((row) => row.action === 'deactivateStaff')).toMatchObject({ storeName: '测试门店', actor: { name: '赵磊', roleLabel: '店长' } });

    const theirs = await allPages(OTHER_STORE_MANAGER);
    expect(theirs.map((row) => [row.action, row.storeId])).toEqual([['createStaffBindingCode', OTHER_STORE]]);
    // Naming the other store's operator as a filter finds nothing beyond their own stores either.
    expect(await allPages(STORE_MANAGER, { operator: OPERATOR })).toEqual(mine.filter((row) => row.actor.openid === OPERATOR));

    const options = await ok(admin(cloud, STORE_MANAGER, 'auditFilterOptions'));
    expect(options.operators).toEqual([{ openid: STORE_MANAGER, name: '赵磊', roleLabel: '店长' }]);
    expect(options.mayExport).toBe(false);
  });

  it('masks staff names for an analyst and labels members by number', async () => {
    const { memberNo } = await shopper(cloud, 'openid-d');
    await ok(admin(cloud, OPERATOR, 'adjustPoints', { memberNo, amount: 3, reason: '测试' }));
    await ok(admin(cloud, OPERATOR, 'createStaffBindingCode', { storeId: STORE, staffName: '王芳' }));
    await ok(admin(cloud, OPERATOR, 'deactivateStaff', { openid: CASHIER }));

    const page = await ok(admin(cloud, ANALYST, 'listAudit'));
    expect(page.masked).toBe(true);
    const byAction = (action: string) => page.items.find((row: { action: string }) => row.action === action);
    const [deactivate, code, adjust] = [byAction('deactivateStaff'), byAction('createStaffBindingCode'), byAction('adjustPoints')];
    expect(deactivate.target).toMatchObject({ kind: 'staff', label: '收*' });
    expect(code.after).toMatchObject({ staffName: '王*' });
    expect(adjust.target).toMatchObject({ kind: 'member', label: memberNo });
    expect(adjust.actor.name).toBe('李明');

    const owner = await ok(admin(cloud, OPERATOR, 'listAudit'));
    expect(owner.masked).toBe(false);
    expect(owner.items.find((row: { action: string }) => row.action === 'createStaffBindingCode').after).toMatchObject({ staffName: '王芳' });
  });

  it('shows an action it has no label for by its name, and answers the labels it has', async () => {
    await sdkDb().collection('audit_log').add({
      data: { at: new Date(), actor: { openid: OPERATOR, role: 'owner' }, fn: 'admin', action: 'issueCoupon', target: { kind: 'member', id: 'm1', label: '1000000001' }, before: null, after: { coupon: 'c1' }, requestId: null, storeId: null, reason: null, read: false },
    });
    const [row] = (await ok(admin(cloud, OPERATOR, 'listAudit'))).items;
    expect(row).toMatchObject({ action: 'issueCoupon', actionLabel: 'issueCoupon' });

    const options = await ok(admin(cloud, MANAGER, 'auditFilterOptions'));
    const labels = Object.fromEntries(options.actions.map((a: { action: string; label: string }) => [a.action, a.label]));
    expect(labels).toMatchObject({
      adjustPoints: '调整积分',
      setTierOverride: '设置等级',
      refundPurchase: '退款',
      createStore: '新建门店',
      createStaffBindingCode: '生成店员绑定码',
      deactivateStaff: '停用店员',
      bindStaff: '店员绑定',
      createOperatorInvite: '邀请运营人员',
      changeOperatorRole: '修改运营角色',
      disableOperator: '停用运营人员',
      bindOperator: '运营人员绑定',
      saveRules: '保存规则',
      cancelScheduledRules: '取消待生效规则',
      getMember: '查看会员',
      startBulkGrant: '发起批量发放',
    });
    expect(options.operators.map((o: { name: string }) => o.name).sort()).toEqual(['孙丽', '张伟', '李明', '赵磊', '陈静'].sort());
    expect(options.mayExport).toBe(true);
  });
});

describe('the log is append-only', () => {
  it('no audited action changes or removes an earlier entry', async () => {
    const { memberNo, purchaseId } = await shopper(cloud, 'openid-e');
    await ok(admin(cloud, OPERATOR, 'adjustPoints', { memberNo, amount: 10, reason: '第一次' }));
    await ok(admin(cloud, OPERATOR, 'createStaffBindingCode', { storeId: STORE, staffName: '王芳' }));
    const earlier = auditDocs(cloud);
    expect(earlier).toHaveLength(2);

    const binding = await ok(admin(cloud, OPERATOR, 'createStaffBindingCode', { storeId: STORE, staffName: '新店员' }));
    await ok(callAs(cloud, 'openid-new-staff', 'member', 'bindStaff', { code: binding.code }, requestId()));
    await ok(admin(cloud, MANAGER, 'adjustPoints', { memberNo, amount: -5, reason: '第二次' }));
    await ok(admin(cloud, MANAGER, 'setTierOverride', { memberNo, tierCode: 'gold', until: new Date(Date.now() + 30 * 86400_000).toISOString(), reason: '补偿' }));
    await ok(admin(cloud, OPERATOR, 'deactivateStaff', { openid: CASHIER }));
    await ok(admin(cloud, OPERATOR, 'refundPurchase', { purchaseId, reason: '顾客退货' }));
    await ok(admin(cloud, MANAGER, 'exportAudit'));
    // A replay answers the first outcome and writes no second entry.
    const id = requestId();
    await ok(admin(cloud, OPERATOR, 'adjustPoints', { memberNo, amount: 1, reason: '重试' }, id));
    await ok(admin(cloud, OPERATOR, 'adjustPoints', { memberNo, amount: 1, reason: '重试' }, id));

    const after = auditDocs(cloud);
    for (const entry of earlier) expect(after.find((e) => e._id === entry._id)).toEqual(entry);
    expect(after.map((e) => e.action)).toEqual(['adjustPoints', 'createStaffBindingCode', 'createStaffBindingCode', 'bindStaff', 'adjustPoints', 'setTierOverride', 'deactivateStaff', 'refundPurchase', 'exportAudit', 'adjustPoints']);
  });
});

describe('exportAudit', () => {
  it('answers the filtered log as CSV with a BOM, brand-zone times and Chinese headers, and records the export', async () => {
    const { memberNo } = await shopper(cloud, 'openid-f');
    setClock('2026-05-04T02:05:09Z');
    await ok(admin(cloud, MANAGER, 'adjustPoints', { memberNo, amount: 20, reason: '=补偿, "双倍"' }));
    await ok(admin(cloud, OPERATOR, 'createStore', { name: '三里屯店', address: '三里屯路1号' }));

    const file = await ok(admin(cloud, MANAGER, 'exportAudit', { action: 'adjustPoints' }));
    expect(file).toMatchObject({ rows: 1, truncated: false, filename: '审计日志-20260504-100509.csv' });
    expect(file.csv.startsWith('\uFEFF时间,操作人,角色,操作,对象,变更前,变更后,原因,请求号\r\n')).toBe(true);
    const [, line, end] = file.csv.split('\r\n');
    expect(end).toBe('');
    const entry = auditDocs(cloud).find((e) => e.action === 'adjustPoints');
    expect(entry.after).toMatchObject({ points: 70 });
    const quoted = (json: string) => `"${json.replace(/"/g, '""')}"`;
    expect(line).toBe(
      `2026-05-04 10:05:09,张伟（${MANAGER}）,运营经理,调整积分,会员 ${memberNo},"{""points"":50}",${quoted(JSON.stringify(entry.after))},"'=补偿, ""双倍""",${entry.requestId}`,
    );

    const recorded = auditDocs(cloud).filter((e) => e.action === 'exportAudit');
    expect(recorded).toEqual([expect.objectContaining({ actor: { openid: MANAGER, role: 'manager' }, target: { kind: 'audit', id: 'export', label: 'action=adjustPoints' }, read: true })]);
  });

  it(`stops at ${AUDIT_EXPORT_MAX_ROWS} rows and says the file was cut`, async () => {
    const db = sdkDb();
    const base = Date.parse('2026-04-01T00:00:00Z');
    for (let start = 0; start < AUDIT_EXPORT_MAX_ROWS + 1; start += 1000) {
      const batch = [];
      for (let i = start; i < Math.min(AUDIT_EXPORT_MAX_ROWS + 1, start + 1000); i++) {
        // The newest a day later, so that the first day holds exactly the most one file takes.
        const at = i === AUDIT_EXPORT_MAX_ROWS ? base + 86_400_000 : base + i * 1000;
        batch.push({ at: new Date(at), actor: { openid: OPERATOR, role: 'owner' }, fn: 'admin', action: 'createStore', target: { kind: 'store', id: `s${i}`, label: `店${i}` }, before: null, after: null, requestId: `r${i}`, storeId: null, reason: null, read: false });
      }
      await db.collection('audit_log').add({ data: batch });
    }
    const file = await ok(admin(cloud, OPERATOR, 'exportAudit'));
    expect(file).toMatchObject({ rows: AUDIT_EXPORT_MAX_ROWS, truncated: true });
    const lines = file.csv.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(AUDIT_EXPORT_MAX_ROWS + 1);
    // Newest first: the oldest entry is the one left out.
    expect(lines[1]).toContain(`门店 店${AUDIT_EXPORT_MAX_ROWS}`);
    expect(file.csv).not.toContain('门店 店0,');
    expect(lines[2]).toContain(`门店 店${AUDIT_EXPORT_MAX_ROWS - 1}`);

    const exactly = await ok(admin(cloud, OPERATOR, 'exportAudit', { from: '2026-04-01', to: '2026-04-01' }));
    expect(exactly).toMatchObject({ rows: AUDIT_EXPORT_MAX_ROWS, truncated: false });
  }, 60_000);

  it('is refused to analysts and store managers, and changes nothing then', async () => {
    for (const openid of [ANALYST, STORE_MANAGER]) {
      const before = auditDocs(cloud);
      expect(await admin(cloud, openid, 'exportAudit')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(auditDocs(cloud)).toEqual(before);
    }
  });
});
