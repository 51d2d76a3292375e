import { centerFace } from './face';

// The server's benefit lines (core/coupons/model.ts) as the face of a ticket in 领券中心.
describe('centerFace', () => {
  it.each([
    ['满100元减20元', { prefix: '¥', value: '20', suffix: '', condition: '满100可用' }],
    ['满99.5元减10.5元', { prefix: '¥', value: '10.5', suffix: '', condition: '满99.5可用' }],
    ['满1,000元减200元', { prefix: '¥', value: '200', suffix: '', condition: '满1,000可用' }],
    ['无门槛减5元', { prefix: '¥', value: '5', suffix: '', condition: '无门槛' }],
    ['8折，最多减30元', { prefix: '', value: '8', suffix: '折', condition: '最多减30元' }],
    ['满50元8.5折，最多减12.5元', { prefix: '', value: '8.5', suffix: '折', condition: '满50可用 · 最多减12.5元' }],
    ['兑换：鹿角马克杯', { prefix: '', value: '兑换', suffix: '', condition: '鹿角马克杯' }],
  ])('%s', (line, face) => {
    expect(centerFace(line)).toEqual(face);
  });

  it.each(['第二杯半价', '', '满100元减'])('"%s" is shown as it is', (line) => {
    expect(centerFace(line)).toBeNull();
  });
});
