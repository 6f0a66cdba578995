import * as LabelPrimitive from "@radix-ui/react-label";
import { cloneElement, type ReactElement, useId } from "react";
import { HelpText } from "./help-text";

type FieldControlProps = { id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/** Label, control, help and error wired together for screen readers (aria-invalid, aria-describedby). */
export function FormField({
  label,
  help,
  error,
  children,
}: {
  label: string;
  help?: string;
  error?: string;
  children: ReactElement<FieldControlProps>;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <LabelPrimitive.Root htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </LabelPrimitive.Root>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [helpId, errorId].filter(Boolean).join(" ") || undefined,
      })}
      {help && (
        <p id={helpId} className="text-xs text-slate-500">
          <HelpText text={help} />
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** A form-level failure (the server's answer to a submit), announced to screen readers; nothing when empty. */
export function FormAlert({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
      {message}
    </p>
  );
}
