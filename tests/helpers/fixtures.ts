/** Provider credentials the local stand-ins accept. None is a real secret; the database scan looks for them. */
export const stripeTestKey = "sk_test_plugboardFixture0000000004242";
export const stripeOtherAccountKey = "sk_test_plugboardOtherAccount00009999";
/** The key and signing secret the README documents for `npm run stripe:local` (real Stripe keys have no `_` after the prefix). */
export const localStripeKey = "sk_test_localPlugboard000000000000000";
export const localStripeSigningSecret = "whsec_localPlugboard000000000000000";
export const fixtureSecrets = [
  stripeTestKey,
  stripeOtherAccountKey,
  "sk_test_wrongWrongWrong000000001111",
  localStripeKey,
  localStripeSigningSecret,
];

/** A BILL.com sign-in the local BILL.com stand-in accepts. */
export const billComUser = {
  username: "ap@acme.example",
  password: "bill-fixture-password-7731",
  organizationId: "00801PLUGBOARDFIXTURE",
  devKey: "01BILLFIXTUREDEVKEY0000000000001",
};
fixtureSecrets.push(billComUser.password, billComUser.devKey);
