import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <div className="w-full overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={cn("w-full text-left text-sm", className)} {...props} />
    </div>
  );
}
export const THead = (props: ComponentProps<"thead">) => (
  <thead className="bg-slate-50 text-xs uppercase text-slate-500" {...props} />
);
export const TBody = (props: ComponentProps<"tbody">) => (
  <tbody className="divide-y divide-slate-100" {...props} />
);
export const TR = (props: ComponentProps<"tr">) => <tr className="hover:bg-slate-50" {...props} />;
export const TH = ({ className, ...props }: ComponentProps<"th">) => (
  <th scope="col" className={cn("px-4 py-3 font-medium", className)} {...props} />
);
export const TD = ({ className, ...props }: ComponentProps<"td">) => (
  <td className={cn("px-4 py-3 text-slate-700", className)} {...props} />
);
