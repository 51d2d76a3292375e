import { readFileSync } from 'fs';
import path from 'path';
import { colors, readableOn, tierColors } from './theme';

// The stylesheets cannot import TypeScript, so styles/theme.scss repeats the colours: keep equal.
describe('theme', () => {
  const scss = readFileSync(path.join(__dirname, 'styles', 'theme.scss'), 'utf8');
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

  it.each(Object.entries(colors))('$color-%s matches theme.ts', (name, value) => {
    expect(scss).toContain(`$color-${kebab(name)}: ${value};`);
  });

  it.each(Object.entries(tierColors))('$tier-%s matches theme.ts', (code, value) => {
    expect(scss).toContain(`$tier-${code}: ${value};`);
  });

  it('picks dark ink on gold and white on deep green', () => {
    expect(readableOn(tierColors.gold)).toBe(colors.text);
    expect(readableOn(colors.primary)).toBe('#ffffff');
    expect(readableOn(tierColors.black)).toBe('#ffffff');
  });
});
