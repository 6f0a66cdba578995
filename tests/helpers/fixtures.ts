/** Provider credentials the local stand-ins accept. None is a real secret; the database scan looks for them. */
export const stripeTestKey = "sk_test_plugboardFixture0000000004242";
export const stripeOtherAccountKey = "sk_test_plugboardOtherAccount00009999";
export const fixtureSecrets = [stripeTestKey, stripeOtherAccountKey, "sk_test_wrongWrongWrong000000001111"];
