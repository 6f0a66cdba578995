"use client";

import type { UseFormReturn } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { HelpText } from "@/components/ui/help-text";
import { Input, Select } from "@/components/ui/input";
import type { RouterOutputs } from "@/lib/trpc/types";

type Field = RouterOutputs["integrations"]["provider"]["fields"][number];
type Values = { name: string; credentials: Record<string, string | number | boolean> };

/** One credential field as the registry describes it: secret, enum, boolean or number. */
export function CredentialInput({
  field,
  form,
  error,
  keepBlank = false,
}: {
  field: Field;
  form: UseFormReturn<Values>;
  error?: string;
  /** Editing stored credentials: nothing is required, and a blank field keeps its stored value. */
  keepBlank?: boolean;
}) {
  const name = `credentials.${field.key}` as const;
  const help = field.whereToFind ? `${field.help} (${field.whereToFind})` : field.help;
  const label = field.optional ? `${field.label} (optional)` : field.label;
  if (field.kind === "boolean") {
    return (
      <div className="flex items-start gap-2">
        <input id={`field-${field.key}`} type="checkbox" className="mt-1 size-4" {...form.register(name)} />
        <label htmlFor={`field-${field.key}`} className="text-sm">
          <span className="font-medium text-slate-800">{label}</span>
          <span className="block text-xs text-slate-500">
            <HelpText text={help} />
          </span>
        </label>
      </div>
    );
  }
  return (
    <FormField label={label} help={help} error={error}>
      {field.kind === "enum" ? (
        <Select {...form.register(name)}>
          {field.options?.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </Select>
      ) : (
        <Input
          type={field.secret ? "password" : field.kind === "number" ? "number" : "text"}
          autoComplete={field.secret ? "new-password" : "off"}
          spellCheck={false}
          placeholder={keepBlank ? "Leave blank to keep the stored value" : field.placeholder}
          {...form.register(name, {
            valueAsNumber: field.kind === "number",
            required: !keepBlank && !field.optional && `${field.label} is required`,
          })}
        />
      )}
    </FormField>
  );
}
