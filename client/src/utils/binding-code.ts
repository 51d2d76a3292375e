// Binding codes (a new cashier's, an invited operator's): 8 characters, typed from a screen.

export const BINDING_CODE_LENGTH = 8;

/** Shown as it is typed: upper case, no spaces or dashes, at most 8 characters. */
export function cleanBindingCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase().slice(0, BINDING_CODE_LENGTH);
}
