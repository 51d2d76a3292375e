import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { isApiError, messageOf } from '../../api';
import type { FieldProblem } from './form-values';

// The console's check-as-you-type form (优惠券, 付费会员卡): a draft, the fields the operator has
// touched (a fresh form is not all red), the draft's own problems, and a refusal of the server
// placed beside the field it names. Each page keeps its BEM block (`coupon-form`, `plans`), so
// the fields render with that page's class names.

export interface Checked<I> {
  input: I | null;
  problems: FieldProblem[];
}

export function useConsoleForm<D, I>({ initial, check, showAllAtFirst }: { initial: () => D; check: (draft: D) => Checked<I>; showAllAtFirst: boolean }) {
  const [draft, setDraft] = useState<D>(initial);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(showAllAtFirst);
  const [serverProblem, setServerProblem] = useState<FieldProblem | null>(null);
  const [saving, setSaving] = useState(false);
  // The check is a pure function of the draft: it runs again only when the draft changes.
  const checked = useMemo(() => check(draft), [draft]);

  /** Changes the draft and marks the fields it touched, so their problems show from now on. */
  const change = (patch: Partial<D>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (fields.length) setTouched((t) => new Set([...t, ...fields]));
    setServerProblem(null);
  };
  const problemAt = (field: string): string | null => {
    if (serverProblem?.field === field) return serverProblem.message;
    if (!showAll && !touched.has(field)) return null;
    return checked.problems.find((p) => p.field === field)?.message ?? null;
  };
  /** The server's refusal when no field on screen shows it (it goes beside the button). */
  const unplaced = (fieldsOnScreen: readonly string[]): string | null => (serverProblem && !fieldsOnScreen.includes(serverProblem.field) ? serverProblem.message : null);

  /** Shows every problem; sends a valid input through `save`, and a refusal to the field `formField` maps it to. */
  async function submit(save: (input: I) => Promise<void>, formField: (serverField: string | undefined) => string | null) {
    if (saving) return;
    setShowAll(true);
    if (!checked.input) {
      void Taro.showToast({ title: checked.problems[0]?.message ?? '请检查表单', icon: 'none' });
      return;
    }
    setSaving(true);
    setServerProblem(null);
    try {
      await save(checked.input);
    } catch (failure) {
      const field = isApiError(failure) ? formField(failure.field) : null;
      setServerProblem({ field: field ?? '', message: messageOf(failure) });
    } finally {
      setSaving(false);
    }
  }

  return { draft, checked, change, problemAt, unplaced, submit, saving };
}

/** A labelled input with its problem (or hint) under it, in the page's BEM block. */
export interface FormFieldProps {
  block: string;
  label: string;
  id: string;
  field: string;
  value: string;
  onChange: (text: string) => void;
  problemAt: (field: string) => string | null;
  hint?: string;
  type?: 'text' | 'digit' | 'number';
  narrow?: boolean;
  placeholder?: string;
}

export function FormField({ block, label, id, field, value, onChange, problemAt, hint, type = 'text', narrow, placeholder }: FormFieldProps) {
  const problem = problemAt(field);
  return (
    <View className={`${block}__field${narrow ? ` ${block}__field--narrow` : ''}`}>
      <Text className={`${block}__label`}>{label}</Text>
      <Input id={id} className={`${block}__input${problem ? ` ${block}__input--bad` : ''}`} type={type} value={value} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} />
      {problem ? (
        <Text className={`${block}__error`} id={`${id}-error`}>
          {problem}
        </Text>
      ) : hint ? (
        <Text className={`${block}__muted`}>{hint}</Text>
      ) : null}
    </View>
  );
}

/** A field's problem under an input that is not a FormField (chips, pickers, a textarea). */
export function FieldError({ block, problemAt, field }: { block: string; problemAt: (field: string) => string | null; field: string }) {
  const problem = problemAt(field);
  return problem ? <Text className={`${block}__error`}>{problem}</Text> : null;
}

/** One choice of a row of chips, marked when it is the chosen one. */
export function FormChip({ block, id, on, label, onClick }: { block: string; id: string; on: boolean; label: string; onClick: () => void }) {
  return (
    <View id={id} className={`${block}__chip${on ? ` ${block}__chip--on` : ''}`} onClick={onClick}>
      <Text>{label}</Text>
    </View>
  );
}
