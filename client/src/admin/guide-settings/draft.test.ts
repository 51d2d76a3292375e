import { guideSettingsFrom } from './draft';

describe('the 导购设置 form', () => {
  it.each([
    [{ permanent: true, bindDays: 'x', protectionDays: '30' }, { bindDays: null, protectionDays: 30 }],
    [{ permanent: false, bindDays: '180', protectionDays: '30' }, { bindDays: 180, protectionDays: 30 }],
    [{ permanent: false, bindDays: '30', protectionDays: '30' }, { bindDays: 30, protectionDays: 30 }],
    [{ permanent: true, bindDays: '', protectionDays: '0' }, { bindDays: null, protectionDays: 0 }],
  ])('%o is saved as %o', (draft, settings) => {
    expect(guideSettingsFrom(draft)).toEqual({ settings, errors: null });
  });

  it.each([
    [{ permanent: false, bindDays: '0', protectionDays: '30' }, { bindDays: '绑定天数应为 1–3650 的整数' }],
    [{ permanent: false, bindDays: '3651', protectionDays: '0' }, { bindDays: '绑定天数应为 1–3650 的整数' }],
    [{ permanent: true, bindDays: '', protectionDays: '-1' }, { protectionDays: '保护期应为 0–3650 的整数' }],
    [{ permanent: false, bindDays: '10', protectionDays: '11' }, { protectionDays: '保护期不应长于绑定天数' }],
  ])('%o is refused: %o', (draft, errors) => {
    expect(guideSettingsFrom(draft)).toEqual({ settings: null, errors });
  });
});
