import { Card } from "@/components/ui/card";
import { CopyField } from "./copy-field";

type Setup = { redirectUri: string; variables: { name: string; set: boolean }[] };

/**
 * An OAuth provider whose app is not set up on this server: no connect button. Members and tenant
 * admins are told to ask the server's administrator; platform admins get the setup checklist.
 */
export function OAuthNotSetUp({ displayName, setup }: { displayName: string; setup: Setup | null }) {
  return (
    <Card role="status" data-testid="oauth-not-set-up">
      <h2 className="text-base font-semibold text-slate-900">Not set up on this server</h2>
      {setup ? (
        <>
          <p className="mt-1 text-sm text-slate-700">
            To let tenants connect {displayName}, register an OAuth app with {displayName} and give this
            server its credentials:
          </p>
          <ol className="mt-3 list-decimal space-y-3 pl-5 text-sm text-slate-700">
            <li>
              In {displayName}'s developer portal, create an app and register this redirect URI:
              <div className="mt-2">
                <CopyField label="Redirect URI" value={setup.redirectUri} testId="oauth-redirect-uri" />
              </div>
            </li>
            <li>
              Set these variables in the server's environment (or <code>.env</code>) from the app's
              credentials:
              <ul className="mt-1 space-y-1">
                {setup.variables.map((variable) => (
                  <li key={variable.name} data-testid={`oauth-variable-${variable.name}`}>
                    <code className="font-mono text-xs">{variable.name}</code>{" "}
                    <span className={variable.set ? "text-emerald-700" : "text-amber-700"}>
                      {variable.set ? "(set)" : "(not set)"}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
            <li>Restart the server. {displayName} then shows a connect button here.</li>
          </ol>
        </>
      ) : (
        <p className="mt-1 text-sm text-slate-700">
          Connecting {displayName} needs an app that the administrator of this Plugboard server has not set up
          yet. Ask them to set it up; then you can connect here.
        </p>
      )}
    </Card>
  );
}
