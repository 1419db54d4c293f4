package com.safehold.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.domain.accounts.Account;
import com.safehold.domain.accounts.AuthOutcomes;
import com.safehold.domain.accounts.AuthService;
import com.safehold.domain.accounts.Email;
import com.safehold.domain.accounts.IssuedTokens;
import com.safehold.domain.accounts.PendingLogin;
import com.safehold.domain.bookings.Amounts;
import com.safehold.domain.bookings.Booking;
import com.safehold.domain.bookings.BookingService;
import com.safehold.domain.bookings.BookingStatus;
import com.safehold.domain.common.Money;
import com.safehold.domain.common.Role;
import com.safehold.domain.common.UserId;
import com.safehold.domain.disputes.ChangeKind;
import com.safehold.domain.disputes.ChangeRequest;
import com.safehold.domain.disputes.Dispute;
import com.safehold.domain.disputes.DisputeReason;
import com.safehold.domain.disputes.Message;
import com.safehold.domain.escrow.EscrowBalance;
import com.safehold.domain.loyalty.MerchantService;
import com.safehold.domain.loyalty.ScanRequest;
import com.safehold.domain.loyalty.Store;
import com.safehold.domain.users.PublicProfile;
import com.safehold.domain.users.Trust;
import com.safehold.domain.verification.CallQueue;
import com.safehold.domain.verification.CallScript;
import com.safehold.domain.verification.PhoneLookup;
import com.safehold.domain.verification.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard of SPEC 4.7 "logs never contain personal data": every domain type that carries a personal field
 * or a credential redacts itself in {@code toString}, so string concatenation, a logger's {@code {}} or an
 * exception message cannot leak it. Each instance is filled with canary values, and none may show.
 */
class RedactedToStringTest {

    private static final String EMAIL = "canary.redact@example.test";
    private static final String PHONE = "+4915199990001";
    private static final String TEXT = "CANARY-TEXT-meet me at Elm Street 4";
    private static final String OTHER_TEXT = "CANARY-OBJECTION-never happened";
    private static final String SECRET = "CANARYSECRETJBSWY3DPEHPK3PXP";
    private static final String URI = "otpauth://totp/Safehold:CANARY-LABEL?secret=" + SECRET;
    private static final String TOKEN = "CANARY-TOKEN-eyJhbGciOi";
    private static final String SESSION = "CANARY-SESSION-7f3a";
    private static final String CODE = "CANARY-CODE-4711";
    private static final String NAME = "CANARY-NAME Café Central";
    private static final String DEVICE = "CANARY-DEVICE-iphone";
    private static final String PASSWORD = "CANARY-Password-9!";
    private static final Instant AT = Instant.parse("2026-12-10T14:00:00Z");
    private static final UserId ANN = new UserId("usr-ann");
    private static final UserId BOB = new UserId("usr-bob");

    /** Every canary, and the pieces a careless {@code toString} would show of them. */
    private static final List<String> CANARIES = List.of(EMAIL, "canary.redact", PHONE, "99990001", TEXT, OTHER_TEXT,
            SECRET, "CANARY-LABEL", TOKEN, SESSION, CODE, "4711", NAME, DEVICE, PASSWORD, "48.2104", "16.3656",
            "pm_canary");

    static Stream<Arguments> typesWithPersonalFields() {
        IssuedTokens tokens = new IssuedTokens(TOKEN + "a", TOKEN + "i", TOKEN + "r", "jti-1", 3600);
        AuthOutcomes.Authenticated authenticated = new AuthOutcomes.Authenticated(tokens, TOKEN + "device");
        return Stream.of(
                Arguments.of(Email.parse(EMAIL).orElseThrow()),
                Arguments.of(new AuthService.Signup(EMAIL, PASSWORD, Role.CUSTOMER, "Ann", PHONE)),
                Arguments.of(new Account(ANN, Role.CUSTOMER, "guard-" + EMAIL, PHONE, SECRET, AT, 1, SECRET + "2",
                        AT, Set.of(CODE), List.of(PASSWORD), 1)),
                Arguments.of(tokens),
                Arguments.of(new PendingLogin(SESSION, ANN, Role.PROVIDER, PendingLogin.Purpose.MFA_SETUP,
                        "guard-" + EMAIL, DEVICE, tokens, AT)),
                Arguments.of(authenticated),
                Arguments.of(new AuthOutcomes.MfaRequired(SESSION)),
                Arguments.of(new AuthOutcomes.MfaSetupRequired(SESSION)),
                Arguments.of(new AuthOutcomes.MfaEnrolment(SECRET, URI, URI.getBytes(StandardCharsets.UTF_8), SESSION)),
                Arguments.of(new AuthOutcomes.MfaVerified(List.of(CODE), authenticated)),
                Arguments.of(new Message("bkg_1", "msg_1", ANN, TEXT, AT)),
                Arguments.of(new ChangeRequest("bkg_1", "chg_1", ANN, ChangeKind.LOCATION, TEXT, List.of("t1"),
                        ChangeRequest.Status.REJECTED, AT, AT, BOB, "sha")),
                Arguments.of(new Dispute("dsp_1", "bkg_1", ANN, BOB, true, DisputeReason.MISCONDUCT, TEXT, List.of(),
                        Dispute.Status.UNDER_REVIEW, AT, AT, OTHER_TEXT, AT, null, null, null, null, 1)),
                Arguments.of(new Booking("bkg_1", "off_1", ANN, BOB, AT, AT, BookingStatus.ACCEPTED,
                        Amounts.of(Money.of(12000, Currency.getInstance("EUR")), 10), "pm_canary", null, null, null,
                        List.of(), SECRET, 0, List.of(), EscrowBalance.NONE, List.of(), null, 1)),
                Arguments.of(new BookingService.CheckInCode(CODE, AT)),
                Arguments.of(new Verification("vrf_1", ANN, PHONE, "key", "hash-" + CODE, Verification.Status.CALLING,
                        0, 5, AT, AT, "de", null)),
                Arguments.of(new CallQueue.CallRequest("vrf_1", ANN, PHONE, CODE, "de")),
                Arguments.of(new CallScript.Script("de", "Vicki", "<speak>" + CODE + "</speak>", CODE)),
                Arguments.of(new PhoneLookup.Phone(PHONE, "DE", PhoneLookup.LineType.MOBILE)),
                Arguments.of(new ScanRequest(CODE, 48.2104, 16.3656, 10, DEVICE)),
                Arguments.of(new Store("sto_1", BOB, NAME, 48.2104, 16.3656, 60, SECRET, 0, null, List.of(), AT, 1)),
                Arguments.of(new MerchantService.DisplayCode(CODE, AT, CODE.getBytes(StandardCharsets.UTF_8))),
                Arguments.of(new MerchantService.IssuedCodes(List.of(CODE), AT)),
                Arguments.of(new PersonalData(AT, EMAIL, new PublicProfile(ANN, "Ann", new Trust(true, 1, 0)),
                        null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of())));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("typesWithPersonalFields")
    void toStringShowsNoPersonalFieldAndNoCredential(Object value) {
        String shown = value.toString();

        assertThat(shown).as("%s must say what it is", value.getClass().getSimpleName())
                .contains(value.getClass().getSimpleName());
        for (String canary : CANARIES) {
            assertThat(shown).as(value.getClass().getName()).doesNotContain(canary);
        }
    }
}
