// The app's one theme: brand identity, palette and tier colours. client/src/styles/theme.scss
// mirrors the colours for stylesheets (theme.test.ts keeps the two equal).
//
// The server also sends the brand and tier colours an operator configured (MeResult.brand,
// MeResult.tier); those win at run time, and these are the fallbacks and the static palette.

export const brand = {
  name: '鹿角咖啡',
  nameEn: 'Antler Coffee',
  logoText: '鹿',
  tagline: '每一杯，都算数',
} as const;

export const colors = {
  primary: '#2f5d50',
  primaryDark: '#1f4037',
  accent: '#8a5a3b',
  accentSoft: '#f1e4d3',
  background: '#f6f1e9',
  surface: '#ffffff',
  text: '#1f2421',
  textSecondary: '#5f6662',
  textMuted: '#8f948f',
  border: '#e6dfd3',
  danger: '#b8432f',
} as const;

/** Colours of the demo brand's tiers, by tier code; an unknown code falls back to `basic`. */
export const tierColors: Record<string, string> = {
  basic: '#8a8f98',
  green: '#3d8b6d',
  gold: '#c8a04a',
  black: '#2b2b2b',
};

export function tierColor(code: string, fromServer?: string): string {
  return fromServer || tierColors[code] || tierColors.basic;
}

/**
 * Text colour that stays readable on `background` (#rrggbb): dark ink on light colours such as
 * gold, white on dark ones. Uses the WCAG relative-luminance formula.
 */
export function readableOn(background: string): string {
  const match = /^#([0-9a-f]{6})$/i.exec(background);
  if (!match) return '#ffffff';
  const value = parseInt(match[1], 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  // Contrast with white vs. with near-black ink (#1f2421 ≈ 0.016): pick the larger.
  return (1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.066) ? '#ffffff' : colors.text;
}
