import { apiKeyClient } from "@better-auth/api-key/client";
import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Browser-side better-auth client: sign-up, sign-in, sign-out. Same origin as the app. */
export const authClient = createAuthClient({ plugins: [organizationClient(), apiKeyClient()] });
