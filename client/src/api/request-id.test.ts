import { ApiError } from './errors';
import { createRequestIdSlot, createRequestIdSlots, keepsRequestId } from './request-id';

describe('request ids across retries', () => {
  it('keeps the id only when the outcome is still open', () => {
    expect(keepsRequestId(new ApiError('NETWORK', ''))).toBe(true);
    expect(keepsRequestId(new ApiError('BUSY', ''))).toBe(true);
    expect(keepsRequestId(new ApiError('INTERNAL', ''))).toBe(true);
    expect(keepsRequestId(new Error('crash'))).toBe(true);
    expect(keepsRequestId(new ApiError('INSUFFICIENT_WALLET', ''))).toBe(false);
    expect(keepsRequestId(new ApiError('MEMBER_CODE_EXPIRED', ''))).toBe(false);
  });

  it('renews after a success and after a business failure, not after a lost answer', async () => {
    const slot = createRequestIdSlot();
    const sent: string[] = [];
    const fail = (code: 'NETWORK' | 'INSUFFICIENT_POINTS') => (id: string) => {
      sent.push(id);
      return Promise.reject(new ApiError(code, ''));
    };
    await expect(slot.run(fail('NETWORK'))).rejects.toThrow();
    await expect(slot.run(fail('NETWORK'))).rejects.toThrow();
    expect(sent[0]).toBe(sent[1]);
    await expect(slot.run(fail('INSUFFICIENT_POINTS'))).rejects.toThrow();
    expect(sent[2]).toBe(sent[1]);
    await slot.run(async (id) => sent.push(id));
    expect(sent[3]).not.toBe(sent[2]);
    await slot.run(async (id) => sent.push(id));
    expect(sent[4]).not.toBe(sent[3]);
  });

  it('gives every key its own slot', () => {
    const slotFor = createRequestIdSlots();
    expect(slotFor('p100')).toBe(slotFor('p100'));
    expect(slotFor('p100').current()).not.toBe(slotFor('p300').current());
  });
});
