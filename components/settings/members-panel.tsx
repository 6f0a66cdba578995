"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/dates";
import { applyServerError } from "@/lib/form-errors";
import { tenantRoleNames } from "@/lib/roles";
import { inviteMemberInput } from "@/lib/schemas/tenant";
import { useTRPC } from "@/lib/trpc/react";

export function MembersPanel({ canManage, currentUserId }: { canManage: boolean; currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.members.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const onError = (error: { message: string }) =>
    toast("That did not work", { description: error.message, tone: "error" });
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh, onError }));
  const cancel = useMutation(trpc.members.cancelInvitation.mutationOptions({ onSuccess: refresh, onError }));

  return (
    <div className="space-y-6">
      {canManage && <InviteForm onInvited={refresh} />}
      <Table aria-label="Members">
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>Email</TH>
            <TH>Role</TH>
            <TH>Joined</TH>
            {canManage && <TH className="sr-only">Actions</TH>}
          </tr>
        </THead>
        <TBody>
          {data.members.map((person) => {
            const editable = canManage && person.userId !== currentUserId;
            return (
              <TR key={person.id}>
                <TD className="font-medium">{person.name}</TD>
                <TD>{person.email}</TD>
                <TD>
                  {editable ? (
                    <Select
                      aria-label={`Role of ${person.name}`}
                      value={person.role}
                      onChange={(event) =>
                        updateRole.mutate({
                          memberId: person.id,
                          role: event.target.value as (typeof tenantRoleNames)[number],
                        })
                      }
                    >
                      {tenantRoleNames.map((role) => (
                        <option key={role}>{role}</option>
                      ))}
                    </Select>
                  ) : (
                    <Badge>{person.role}</Badge>
                  )}
                </TD>
                <TD>{formatDate(person.joinedAt)}</TD>
                {canManage && (
                  <TD className="text-right">
                    {editable && (
                      <Button variant="ghost" size="sm" onClick={() => remove.mutate({ id: person.id })}>
                        Remove
                      </Button>
                    )}
                  </TD>
                )}
              </TR>
            );
          })}
        </TBody>
      </Table>
      {data.invitations.length > 0 && (
        <Card>
          <h2 className="text-base font-semibold">Pending invitations</h2>
          <ul className="mt-2 divide-y divide-slate-100" aria-label="Pending invitations">
            {data.invitations.map((invitation) => (
              <li key={invitation.id} className="flex items-center justify-between py-2 text-sm">
                <span>
                  {invitation.email}{" "}
                  <span className="text-slate-500">
                    as {invitation.role} · expires {formatDate(invitation.expiresAt)}
                  </span>
                </span>
                {canManage && (
                  <Button variant="ghost" size="sm" onClick={() => cancel.mutate({ id: invitation.id })}>
                    Cancel
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: () => Promise<void> }) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof inviteMemberInput>, unknown, z.output<typeof inviteMemberInput>>({
    resolver: zodResolver(inviteMemberInput),
    defaultValues: { email: "", role: "member" },
  });
  const invite = useMutation(trpc.members.invite.mutationOptions());
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await invite.mutateAsync(values);
      toast("Invitation sent", { description: `${values.email} will get an email with a link to join.` });
      form.reset();
      await onInvited();
    } catch (error) {
      setFormError(applyServerError(error, form.setError, ["email", "role"]));
    }
  });
  return (
    <Card>
      <h2 className="text-base font-semibold">Invite a member</h2>
      <form
        onSubmit={onSubmit}
        className="mt-3 grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
        noValidate
      >
        <FormField label="Email" error={form.formState.errors.email?.message}>
          <Input type="email" {...form.register("email")} />
        </FormField>
        <FormField label="Role" error={form.formState.errors.role?.message}>
          <Select {...form.register("role")}>
            <option value="member">member</option>
            <option value="admin">admin</option>
          </Select>
        </FormField>
        <Button type="submit" pending={form.formState.isSubmitting}>
          Send invitation
        </Button>
      </form>
      {formError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {formError}
        </p>
      )}
    </Card>
  );
}
