import { albumStep, isPermissionDenied } from './album-step';
import { wrapText } from './poster-draw';
import { withTimeout } from './timeout';

// One unit per character, as a fixed-width font would measure.
const measure = (text: string) => Array.from(text).length;

describe('poster text wrapping', () => {
  it.each<[string, number, number, string[]]>([
    ['好友注册即得积分', 10, 2, ['好友注册即得积分']],
    ['好友注册即得一百积分', 5, 2, ['好友注册即', '得一百积分']],
    ['好友注册即得一百积分再送一张券', 5, 2, ['好友注册即', '得一百积…']],
    ['喝咖啡也能交朋友', 4, 1, ['喝咖啡…']],
    ['  多个   空格  ', 10, 1, ['多个 空格']],
    ['', 10, 2, []],
  ])('%s in width %i, %i lines', (text, width, lines, expected) => {
    expect(wrapText(measure, text, width, lines)).toEqual(expected);
  });

  it('never returns a line wider than allowed, and no more lines than allowed', () => {
    const text = '邀请好友加入鹿角咖啡会员，好友首单满三十元，你得两百积分，上不封顶';
    for (let width = 2; width <= 20; width += 1) {
      for (let lines = 1; lines <= 4; lines += 1) {
        const out = wrapText(measure, text, width, lines);
        expect(out.length).toBeLessThanOrEqual(lines);
        for (const line of out) expect(measure(line)).toBeLessThanOrEqual(width);
      }
    }
  });
});

describe('saving the poster to the album', () => {
  it.each<[boolean | undefined, string]>([
    [true, 'save'],
    [undefined, 'authorize'],
    [false, 'guide'],
  ])('permission %s → %s', (granted, step) => {
    expect(albumStep(granted)).toBe(step);
  });

  it.each<[string, boolean]>([
    ['saveImageToPhotosAlbum:fail auth deny', true],
    ['saveImageToPhotosAlbum:fail auth denied', true],
    ['authorize:fail auth deny', true],
    ['saveImageToPhotosAlbum:fail cancel', false],
    ['saveImageToPhotosAlbum:fail file not found', false],
    ['', false],
  ])('%s → denied %s', (message, denied) => {
    expect(isPermissionDenied(message)).toBe(denied);
  });
});

describe('a slow avatar', () => {
  it('gives way after the timeout', async () => {
    jest.useFakeTimers();
    const slow = new Promise<string>(() => undefined);
    const raced = withTimeout(slow, 3000).catch((error: Error) => error.message);
    jest.advanceTimersByTime(3000);
    await expect(raced).resolves.toBe('timeout');
    jest.useRealTimers();
  });

  it('arrives when in time', async () => {
    await expect(withTimeout(Promise.resolve('avatar'), 3000)).resolves.toBe('avatar');
  });
});
